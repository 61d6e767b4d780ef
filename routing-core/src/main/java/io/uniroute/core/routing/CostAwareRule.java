package io.uniroute.core.routing;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The one routing rule: argmin_h γ(x, h) + λ·c(h), with c normalised to [0, 1]. Ties go to the
 * cheaper LLM, then to the earlier one, so decisions are deterministic.
 */
public final class CostAwareRule {

    private CostAwareRule() {
    }

    public static int choose(double[] errors, double[] costs, double lambda) {
        check(errors, costs, lambda);
        // one pass with rank()'s order: lowest score, then cheaper, then earlier (the hot path of every decision)
        int best = 0;
        double bestScore = errors[0] + lambda * costs[0];
        for (int i = 1; i < errors.length; i++) {
            double score = errors[i] + lambda * costs[i];
            if (score < bestScore || (score == bestScore && costs[i] < costs[best])) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    private static void check(double[] errors, double[] costs, double lambda) {
        if (errors.length != costs.length || errors.length == 0) {
            throw new IllegalArgumentException("need one cost per error estimate, and at least one candidate");
        }
        if (!(lambda >= 0)) {
            throw new IllegalArgumentException("cost weight must be >= 0, was " + lambda);
        }
    }

    /** Every candidate, best first: the head is the choice, the rest the fallback order. */
    public static int[] rank(double[] errors, double[] costs, double lambda) {
        check(errors, costs, lambda);
        Integer[] order = new Integer[errors.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> errors[i] + lambda * costs[i])
                .thenComparingDouble(i -> costs[i])
                .thenComparingInt(i -> i));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }
}
