package io.uniroute.core.evaluation;

import io.uniroute.core.routing.ClusterErrorEstimator;
import io.uniroute.core.routing.ClusterMap;
import io.uniroute.core.routing.ErrorEstimator;
import io.uniroute.core.routing.FeatureVectors;
import io.uniroute.core.routing.PsiShrinkage;
import io.uniroute.core.routing.StratifiedPromptSelection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --new-llm-prompts N}: the unseen test LLMs' Ψ from only N validation prompts, chosen the way
 * the operator chooses a profiling budget ({@link StratifiedPromptSelection} over the trial's k-means
 * clusters, seeded per trial), with and without {@link PsiShrinkage}. The offline Area then reads as
 * "what onboarding a new LLM with N calls buys". Rows are named {@code kmeans@N}, {@code kmeans@N+eb},
 * {@code learned_map@N}, {@code learned_map@N+eb} ({@code N} = {@code all} for every validation prompt).
 */
final class NewLlmBudgets {

    /** Every validation prompt. */
    static final int ALL = Integer.MAX_VALUE;

    private final StratifiedPromptSelection selection;
    private final int[] budgets;

    NewLlmBudgets(StratifiedPromptSelection selection, int[] budgets) {
        this.selection = selection;
        this.budgets = budgets.clone();
    }

    static String label(int budget) {
        return budget == ALL ? "all" : String.valueOf(budget);
    }

    /** The method names this produces for one budget, in report order. */
    static List<String> methods(int budget) {
        String n = label(budget);
        return List.of("kmeans@" + n, "kmeans@" + n + "+eb", "learned_map@" + n, "learned_map@" + n + "+eb");
    }

    Map<String, ErrorEstimator> estimators(ClusterMap kmeansMap, PsiShrinkage kmeansPrior, ClusterMap learnedMap,
            PsiShrinkage learnedPrior, List<float[]> valX, double[][] valErrTestLlm) {
        double[][] hard = FeatureVectors.memberships(kmeansMap, valX);
        int[] clusterOf = new int[hard.length];
        for (int i = 0; i < hard.length; i++) {
            clusterOf[i] = argmax(hard[i]);
        }
        double[][] soft = FeatureVectors.memberships(learnedMap, valX);
        Map<String, ErrorEstimator> out = new LinkedHashMap<>();
        for (int budget : budgets) {
            int[] chosen = selection.select(clusterOf, kmeansMap.clusters(), budget);
            double[][] kmeansRows = pick(hard, chosen);
            double[][] learnedRows = pick(soft, chosen);
            double[][] errors = pick(valErrTestLlm, chosen);
            List<String> names = methods(budget);
            out.put(names.get(0), new ClusterErrorEstimator(kmeansMap, PsiShrinkage.NONE.psi(kmeansRows, errors)));
            out.put(names.get(1), new ClusterErrorEstimator(kmeansMap, kmeansPrior.psi(kmeansRows, errors)));
            out.put(names.get(2), new ClusterErrorEstimator(learnedMap, PsiShrinkage.NONE.psi(learnedRows, errors)));
            out.put(names.get(3), new ClusterErrorEstimator(learnedMap, learnedPrior.psi(learnedRows, errors)));
        }
        return out;
    }

    private static double[][] pick(double[][] rows, int[] idx) {
        double[][] out = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = rows[idx[i]];
        }
        return out;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
