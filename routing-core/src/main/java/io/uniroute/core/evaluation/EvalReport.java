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
        return margin(method, "zero_router", metric);
    }

    /** Per-trial paired difference method − baseline. */
    public MeanStderr margin(String method, String baseline, ToDoubleFunction<MethodResult> metric) {
        return MeanStderr.of(trials.stream().mapToDouble(t -> metric.applyAsDouble(t.methods().get(method))
                - metric.applyAsDouble(t.methods().get(baseline))).toArray());
    }

    /**
     * Why the run is invalid, or empty: an oracle knows every recorded error, so its mean Area bounds
     * every router's; below one, the data or the evaluation is broken (the old embedding-keyed oracle
     * read other prompts' rows when prompts shared a vector).
     */
    public java.util.Optional<String> invalidity() {
        double oracle = stat("oracle", MethodResult::area).mean();
        List<String> above = new java.util.ArrayList<>();
        for (String m : TrialRunner.METHODS) {
            double area = stat(m, MethodResult::area).mean();
            if (!m.equals("oracle") && area > oracle + 1e-12) {
                above.add(String.format("%s %.4f", LABELS.get(m), area));
            }
        }
        return above.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.format(
                "the oracle's Area %.4f is below %s; an oracle bounds every router, so the data or the evaluation is broken",
                oracle, String.join(", ", above)));
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
        root.put("valid", invalidity().isEmpty());
        invalidity().ifPresent(why -> root.put("invalid_reason", why));
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
            ObjectNode knnMargin = node.putObject("margin_vs_knn");
            put(knnMargin, "area", margin(m, "knn", MethodResult::area));
            put(knnMargin, "area50", margin(m, "knn", MethodResult::area50));
            put(knnMargin, "qnc", margin(m, "knn", MethodResult::qnc));
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
        var perTrial = root.putArray("per_trial"); // for paired re-analysis
        for (TrialResult t : trials) {
            ObjectNode n = perTrial.addObject();
            n.put("trial", t.trial());
            n.put("k", t.k());
            var llms = n.putArray("test_llms");
            t.testLlms().forEach(llms::add);
            for (String m : TrialRunner.METHODS) {
                MethodResult r = t.methods().get(m);
                ObjectNode mn = n.putObject(m);
                mn.put("area", r.area());
                mn.put("area50", r.area50());
                mn.put("qnc", r.qnc());
                mn.put("qnc_of_max_cost", r.qncOfMaxCost());
            }
        }
        return mapper.writeValueAsString(root) + "\n";
    }

    private static void put(ObjectNode parent, String name, MeanStderr s) {
        ObjectNode n = parent.putObject(name);
        n.put("mean", s.mean());
        n.put("stderr", s.stderr());
    }

    /** LLM → {trials held out, mean normalised cost, mean accuracy} on the test prompts. */
    Map<String, double[]> singleLlmSummary() {
        Map<String, double[]> sums = new TreeMap<>();
        for (TrialResult t : trials) {
            t.singleLlmPoints().forEach((llm, p) -> {
                double[] acc = sums.computeIfAbsent(llm, x -> new double[3]);
                acc[0]++;
                acc[1] += p[0];
                acc[2] += p[1];
            });
        }
        sums.values().forEach(v -> {
            v[1] /= v[0];
            v[2] /= v[0];
        });
        return sums;
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
        invalidity().ifPresent(why -> md.append("**INVALID RUN**: ").append(why).append(".\n\n"));
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
        md.append("\nPaired per-trial margins of UniRoute against K-NN (method − K-NN):\n\n");
        md.append("| method | Δ Area | Δ Area (50%) | Δ QNC (of best LLM's cost) |\n|---|---|---|---|\n");
        for (String m : List.of("kmeans", "learned_map")) {
            md.append("| ").append(LABELS.get(m))
                    .append(" | ").append(signed(margin(m, "knn", MethodResult::area)))
                    .append(" | ").append(signed(margin(m, "knn", MethodResult::area50)))
                    .append(" | ").append(signed(margin(m, "knn", MethodResult::qnc)))
                    .append(" |\n");
        }
        md.append("\nSingle LLMs as reference points, over the trials that held each one out as a test LLM"
                + " (cost normalised to that trial's most expensive test LLM):\n\n");
        md.append("| LLM | trials | normalised cost | accuracy |\n|---|---|---|---|\n");
        singleLlmSummary().forEach((llm, v) -> md.append(String.format("| %s | %d | %.3f | %.3f |%n",
                llm, (int) v[0], v[1], v[2])));
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
        md.append("- K: ").append(info.kSetting().startsWith("auto")
                ? "chosen per trial by App. F.1: k-means on the training prompts for each K of the grid, the training"
                        + " LLMs routed among themselves over the λ sweep, the K with the largest Area kept.\n"
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
