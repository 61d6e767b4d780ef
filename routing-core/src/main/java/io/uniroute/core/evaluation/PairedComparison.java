package io.uniroute.core.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/uniroute eval-compare A/results.json B/results.json}: per method, B − A of its Area
 * margin over ZeroRouter, paired trial by trial (mean ± standard error over trials, and in how many
 * trials B is below A). Two runs pair when they share the seed, so trial t has the same split in
 * both; it checks that every trial held out the same test LLMs.
 */
public final class PairedComparison {

    static final List<String> METHODS = List.of("knn", "kmeans", "learned_map", "oracle");

    /** One method's paired difference. */
    public record Difference(String method, MeanStderr diff, int below, int trials) {
    }

    private PairedComparison() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: bin/uniroute eval-compare A/results.json B/results.json   (prints B − A, paired by trial)");
            System.exit(2);
            return;
        }
        try {
            System.out.print(markdown(compare(read(Path.of(args[0])), read(Path.of(args[1]))), args[0], args[1]));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("uniroute eval-compare: " + e.getMessage());
            System.exit(1);
        }
    }

    static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** B − A per method, of each trial's Δ Area against that run's ZeroRouter. */
    public static List<Difference> compare(JsonNode a, JsonNode b) {
        Map<Integer, JsonNode> byTrialA = byTrial(a);
        Map<Integer, JsonNode> byTrialB = byTrial(b);
        if (!byTrialA.keySet().equals(byTrialB.keySet())) {
            throw new IllegalArgumentException("the runs have different trials (" + byTrialA.size() + " and " + byTrialB.size()
                    + "): use the same --trials and --seed");
        }
        for (var e : byTrialA.entrySet()) {
            if (!e.getValue().get("test_llms").equals(byTrialB.get(e.getKey()).get("test_llms"))) {
                throw new IllegalArgumentException("trial " + e.getKey() + " held out other test LLMs in the two runs:"
                        + " they do not pair (same --seed needed)");
            }
        }
        List<Difference> out = new ArrayList<>();
        for (String m : METHODS) {
            double[] d = new double[byTrialA.size()];
            int below = 0;
            int i = 0;
            for (var e : byTrialA.entrySet()) {
                JsonNode ta = e.getValue();
                JsonNode tb = byTrialB.get(e.getKey());
                double marginA = area(ta, m) - area(ta, "zero_router");
                double marginB = area(tb, m) - area(tb, "zero_router");
                d[i++] = marginB - marginA;
                if (marginB < marginA) {
                    below++;
                }
            }
            out.add(new Difference(m, MeanStderr.of(d), below, d.length));
        }
        return out;
    }

    static String markdown(List<Difference> diffs, String a, String b) {
        StringBuilder md = new StringBuilder();
        md.append("B − A, paired per trial, of each method's Δ Area against ZeroRouter\n(A = ").append(a)
                .append(", B = ").append(b).append(")\n\n");
        md.append("| method | trials | B − A | in s.e. | B below A in |\n|---|---|---|---|---|\n");
        for (Difference d : diffs) {
            md.append(String.format("| %s | %d | %+.4f ± %.4f | %+.1f | %d / %d |%n", EvalReport.LABELS.get(d.method()),
                    d.trials(), d.diff().mean(), d.diff().stderr(),
                    d.diff().stderr() > 0 ? d.diff().mean() / d.diff().stderr() : 0.0, d.below(), d.trials()));
        }
        return md.toString();
    }

    private static Map<Integer, JsonNode> byTrial(JsonNode run) {
        JsonNode perTrial = run.get("per_trial");
        if (perTrial == null || !perTrial.isArray()) {
            throw new IllegalArgumentException("not a results.json of bin/uniroute eval (no per_trial)");
        }
        Map<Integer, JsonNode> out = new LinkedHashMap<>();
        perTrial.forEach(t -> out.put(t.get("trial").asInt(), t));
        return out;
    }

    private static double area(JsonNode trial, String method) {
        return trial.get(method).get("area").asDouble();
    }
}
