package io.uniroute.core.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The {@code --new-llm-prompts} table: for each budget N, Area and paired margins over ZeroRouter of
 * UniRoute K-Means and LearnedMap with the unseen LLMs' Ψ from N stratified validation prompts,
 * without and with shrinkage, and each margin's paired gap to the margin with every validation
 * prompt (no shrinkage, the plain protocol). Writes new-llm-prompts.md and new-llm-prompts.json.
 */
final class NewLlmPromptsReport {

    private final int[] budgets;
    private final List<TrialResult> trials;
    private final String command;

    NewLlmPromptsReport(int[] budgets, List<TrialResult> trials, String command) {
        this.budgets = budgets.clone();
        this.trials = List.copyOf(trials);
        this.command = command;
    }

    MeanStderr stat(String method) {
        return MeanStderr.of(trials.stream().mapToDouble(t -> t.methods().get(method).area()).toArray());
    }

    /** Paired per-trial Area difference a − b. */
    MeanStderr diff(String a, String b) {
        ToDoubleFunction<TrialResult> d = t -> t.methods().get(a).area() - t.methods().get(b).area();
        return MeanStderr.of(trials.stream().mapToDouble(d).toArray());
    }

    double meanPrior(String method) {
        return trials.stream().mapToDouble(t -> t.priorStrengths().getOrDefault(method, Double.NaN)).average().orElse(Double.NaN);
    }

    java.util.Map<Integer, Integer> kCounts() {
        java.util.Map<Integer, Integer> out = new java.util.TreeMap<>();
        trials.forEach(t -> out.merge(t.k(), 1, Integer::sum));
        return out;
    }

    void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("new-llm-prompts.md"), markdown());
            Files.writeString(dir.resolve("new-llm-prompts.json"), json());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the new-LLM-prompts report into " + dir, e);
        }
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Onboarding a new LLM with N prompts\n\nCommand: `").append(command).append("`\n\n");
        md.append(trials.size()).append(" trials. The unseen test LLMs' Ψ from N validation prompts chosen stratified by"
                + " the trial's k-means clusters (at least 3 per cluster when N allows, the rest in proportion, seeded);"
                + " \"+EB\": Ψ shrunk toward each LLM's overall error with the prior strength fitted on the training LLMs."
                + " Δ ZR: paired Area margin over ZeroRouter; gap: paired (margin at N) − (margin with every validation"
                + " prompt, no shrinkage).\n\n");
        md.append("| N | K-Means Area | K-Means Δ ZR | K-Means+EB Δ ZR | gap | gap +EB | LearnedMap Δ ZR | LearnedMap+EB Δ ZR | gap | gap +EB |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        String allKm = "kmeans@all";
        String allLm = "learned_map@all";
        boolean haveAll = trials.get(0).methods().containsKey(allKm);
        for (int n : budgets) {
            List<String> m = NewLlmBudgets.methods(n);
            md.append("| ").append(NewLlmBudgets.label(n))
                    .append(" | ").append(fmt(stat(m.get(0))))
                    .append(" | ").append(signed(diff(m.get(0), "zero_router")))
                    .append(" | ").append(signed(diff(m.get(1), "zero_router")))
                    .append(" | ").append(haveAll ? signed(diff(m.get(0), allKm)) : "")
                    .append(" | ").append(haveAll ? signed(diff(m.get(1), allKm)) : "")
                    .append(" | ").append(signed(diff(m.get(2), "zero_router")))
                    .append(" | ").append(signed(diff(m.get(3), "zero_router")))
                    .append(" | ").append(haveAll ? signed(diff(m.get(2), allLm)) : "")
                    .append(" | ").append(haveAll ? signed(diff(m.get(3), allLm)) : "")
                    .append(" |\n");
        }
        md.append(String.format("%nFitted prior strength m (pseudo-prompts at the LLM's overall error per cluster), mean over"
                + " trials: K-Means %.1f, LearnedMap %.1f. K per trial: %s.%n", meanPrior("kmeans"), meanPrior("learned_map"),
                kCounts()));
        if (!haveAll) {
            md.append("\n(add `--new-llm-prompts all` for the gap columns)\n");
        }
        return md.toString();
    }

    String json() throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("trials", trials.size());
        root.put("prior_strength_kmeans", meanPrior("kmeans"));
        root.put("prior_strength_learned_map", meanPrior("learned_map"));
        ObjectNode rows = root.putObject("budgets");
        for (int n : budgets) {
            ObjectNode row = rows.putObject(NewLlmBudgets.label(n));
            for (String m : NewLlmBudgets.methods(n)) {
                ObjectNode node = row.putObject(m);
                put(node, "area", stat(m));
                put(node, "margin_vs_zero_router", diff(m, "zero_router"));
            }
        }
        return mapper.writeValueAsString(root) + "\n";
    }

    private static void put(ObjectNode parent, String name, MeanStderr s) {
        ObjectNode n = parent.putObject(name);
        n.put("mean", s.mean());
        n.put("stderr", s.stderr());
    }

    private static String fmt(MeanStderr s) {
        return String.format("%.3f ± %.3f", s.mean(), s.stderr());
    }

    private static String signed(MeanStderr s) {
        return String.format("%+.4f ± %.4f", s.mean(), s.stderr());
    }
}
