package io.uniroute.core.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** Aggregates trials (mean ± standard error) and writes results.json, report.md and deferral-curve.svg. */
public final class EvalReport {

    static final Map<String, String> LABELS = Map.of(
            "zero_router", "ZeroRouter",
            "knn", "K-NN",
            "kmeans", "UniRoute K-Means",
            "learned_map", "UniRoute LearnedMap",
            "oracle", "Oracle");

    /** What the run was: echoed into both reports. */
    public record RunInfo(String dataset, int prompts, List<String> models, String embedder, String costModel,
            String kSetting, int knnNeighbours, long seed, String command, double seconds) {
    }

    private final RunInfo info;
    private final List<TrialResult> trials;

    public EvalReport(RunInfo info, List<TrialResult> trials) {
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("no trial");
        }
        this.info = info;
        this.trials = List.copyOf(trials);
    }

    public MeanStderr stat(String method, ToDoubleFunction<MethodResult> metric) {
        return MeanStderr.of(trials.stream().mapToDouble(t -> metric.applyAsDouble(t.methods().get(method))).toArray());
    }

    /** Per-trial paired difference method − ZeroRouter. */
    public MeanStderr margin(String method, ToDoubleFunction<MethodResult> metric) {
        return MeanStderr.of(trials.stream().mapToDouble(t -> metric.applyAsDouble(t.methods().get(method))
                - metric.applyAsDouble(t.methods().get("zero_router"))).toArray());
    }

    public double[] meanCurve(String method) {
        double[] out = new double[TrialRunner.CURVE_SAMPLES];
        for (TrialResult t : trials) {
            double[] c = t.methods().get(method).curve();
            for (int i = 0; i < out.length; i++) {
                out[i] += c[i] / trials.size();
            }
        }
        return out;
    }

    public void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("results.json"), resultsJson());
            Files.writeString(dir.resolve("report.md"), markdown());
            Map<String, double[]> curves = new LinkedHashMap<>();
            for (String m : TrialRunner.METHODS) {
                curves.put(LABELS.get(m), meanCurve(m));
            }
            Files.writeString(dir.resolve("deferral-curve.svg"), DeferralCurveSvg.render(
                    "Mean deferral curves on " + info.dataset() + " (" + trials.size() + " trials)", curves));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir, e);
        }
    }

    String resultsJson() throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("dataset", info.dataset());
        root.put("trials", trials.size());
        ObjectNode methods = root.putObject("methods");
        for (String m : TrialRunner.METHODS) {
            ObjectNode node = methods.putObject(m);
            put(node, "area", stat(m, MethodResult::area));
            put(node, "area50", stat(m, MethodResult::area50));
            put(node, "qnc", stat(m, MethodResult::qnc));
            put(node, "qnc_of_max_cost", stat(m, MethodResult::qncOfMaxCost));
            ObjectNode margin = node.putObject("margin_vs_zero_router");
            put(margin, "area", margin(m, MethodResult::area));
            put(margin, "area50", margin(m, MethodResult::area50));
            put(margin, "qnc", margin(m, MethodResult::qnc));
        }
        ObjectNode settings = root.putObject("settings");
        settings.put("prompts", info.prompts());
        settings.put("embedder", info.embedder());
        settings.put("cost", info.costModel());
        settings.put("k", info.kSetting());
        settings.put("knn_neighbours", info.knnNeighbours());
        settings.put("seed", info.seed());
        ObjectNode ks = settings.putObject("k_chosen_counts");
        kCounts().forEach((k, n) -> ks.put(String.valueOf(k), n));
        return mapper.writeValueAsString(root) + "\n";
    }

    private static void put(ObjectNode parent, String name, MeanStderr s) {
        ObjectNode n = parent.putObject(name);
        n.put("mean", s.mean());
        n.put("stderr", s.stderr());
    }

    Map<Integer, Integer> kCounts() {
        Map<Integer, Integer> out = new TreeMap<>();
        trials.forEach(t -> out.merge(t.k(), 1, Integer::sum));
        return out;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# UniRoute evaluation on `").append(info.dataset()).append("`\n\n");
        md.append("Command: `").append(info.command()).append("`\n\n");
        md.append(String.format("%d trials, %d prompts, %d LLMs (%d unseen test LLMs per trial); embedder %s; K %s; "
                        + "K-NN with k = %d; seed %d; %.0f s.%n%n",
                trials.size(), info.prompts(), info.models().size(), trials.get(0).testLlms().size(), info.embedder(),
                info.kSetting(), info.knnNeighbours(), info.seed(), info.seconds()));
        md.append("Mean ± standard error over trials. Area and Area (50%) ↑, QNC ↓.\n\n");
        md.append("| method | Area | Area (50%) | QNC (of best LLM's cost) | QNC (of max cost) |\n");
        md.append("|---|---|---|---|---|\n");
        for (String m : TrialRunner.METHODS) {
            md.append("| ").append(LABELS.get(m))
                    .append(" | ").append(fmt(stat(m, MethodResult::area)))
                    .append(" | ").append(fmt(stat(m, MethodResult::area50)))
                    .append(" | ").append(fmt(stat(m, MethodResult::qnc)))
                    .append(" | ").append(fmt(stat(m, MethodResult::qncOfMaxCost)))
                    .append(" |\n");
        }
        md.append("\nPaired per-trial margins against ZeroRouter (method − ZeroRouter; tighter than the ± above):\n\n");
        md.append("| method | Δ Area | Δ Area (50%) | Δ QNC (of best LLM's cost) |\n|---|---|---|---|\n");
        for (String m : TrialRunner.METHODS) {
            if (m.equals("zero_router")) {
                continue;
            }
            md.append("| ").append(LABELS.get(m))
                    .append(" | ").append(signed(margin(m, MethodResult::area)))
                    .append(" | ").append(signed(margin(m, MethodResult::area50)))
                    .append(" | ").append(signed(margin(m, MethodResult::qnc)))
                    .append(" |\n");
        }
        md.append("\nK chosen per trial (count): ").append(kCounts()).append("\n\n");
        md.append("How it is measured:\n\n");
        md.append("- Per trial: prompts split 60/10/30 (train/validation/test), LLMs 2/3 training and 1/3 unseen test;"
                + " routers route the test prompts among the unseen test LLMs only, whose Ψ (and K-NN labels) come"
                + " from the validation prompts; LearnedMap is fitted on the training prompts with the training LLMs' labels.\n");
        md.append("- Cost: ").append(info.costModel()).append(". λ multiplies each LLM's mean cost on the validation"
                + " prompts; the curve's x-axis is the mean actual cost on the test prompts, normalised to the most"
                + " expensive test LLM's.\n");
        md.append("- Curves: the upper convex hull of each method's (cost, accuracy) points over the λ sweep"
                + " (random mixing of two λ settings reaches any point between them; RouterBench's convention), flat"
                + " below the cheapest point and after the most accurate one. ZeroRouter is the hull of the test LLMs'"
                + " own (cost, accuracy) points on the test prompts.\n");
        md.append("- QNC: the smallest cost at which the curve reaches the most accurate test LLM's accuracy, as a"
                + " fraction of that LLM's cost (first column) or of the most expensive test LLM's cost (second);"
                + " 100% when never reached, capped at 100%.\n");
        md.append("- K: ").append(info.kSetting().equals("auto")
                ? "chosen per trial from the grid by App. F.1: k-means on the training prompts, Ψ of the training LLMs"
                        + " from the training prompts, the training LLMs routed on the validation prompts, largest Area kept.\n"
                : "fixed.\n");
        return md.toString();
    }

    private static String fmt(MeanStderr s) {
        return String.format("%.3f ± %.3f", s.mean(), s.stderr());
    }

    private static String signed(MeanStderr s) {
        return String.format("%+.4f ± %.4f", s.mean(), s.stderr());
    }
}
