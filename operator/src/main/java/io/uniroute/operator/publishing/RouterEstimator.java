package io.uniroute.operator.publishing;

import io.uniroute.core.routing.ClusterMap;
import io.uniroute.core.routing.CostAwareRule;
import io.uniroute.core.routing.FeatureVectors;
import io.uniroute.core.routing.PsiShrinkage;
import io.uniroute.operator.api.RoutingPolicyStatus.BackendOutcome;
import io.uniroute.operator.api.RoutingPolicyStatus.Outcome;
import io.uniroute.operator.api.RoutingPolicyStatus.RouterEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Estimates the router's accuracy and cost at the policy's λ on held-out prompts: Ψ is computed
 * from the other prompts only, each held-out prompt is routed by argmin Φ(x)ᵀΨ(h) + λ·c(h), and the
 * chosen backend's recorded correctness and cost are averaged. The clustering itself uses no
 * backend's answers, so using every prompt for it leaks nothing about correctness.
 */
final class RouterEstimator {

    private RouterEstimator() {
    }

    static RouterEstimate estimate(ClusterMap map, List<float[]> embeddings, List<ProfiledBackend> backends,
            double[] normalizedCosts, double lambda, boolean[] heldOut) {
        return estimate(map, embeddings, backends, normalizedCosts, lambda, heldOut, null, PsiShrinkage.NONE);
    }

    /**
     * As above; Ψ from each backend's own graded prompts that are not held out (shrunk as the table's),
     * and the held-out prompts routed are those every backend has a bit for ({@code comparable}, null:
     * all). Null when no held-out prompt is comparable.
     */
    static RouterEstimate estimate(ClusterMap map, List<float[]> embeddings, List<ProfiledBackend> backends,
            double[] normalizedCosts, double lambda, boolean[] heldOut, boolean[] comparable, PsiShrinkage prior) {
        int n = embeddings.size();
        double[][] memberships = FeatureVectors.memberships(map, embeddings);
        List<Integer> testIdx = new ArrayList<>();
        boolean[] fit = new boolean[n];
        for (int i = 0; i < n; i++) {
            fit[i] = !heldOut[i];
            if (heldOut[i] && (comparable == null || comparable[i])) {
                testIdx.add(i);
            }
        }
        if (testIdx.isEmpty()) {
            return null;
        }
        double[][] psi = PsiTable.psi(map, embeddings, backends, fit, prior);
        double routerCorrect = 0;
        double routerCost = 0;
        int[] routed = new int[backends.size()];
        double[] backendCorrect = new double[backends.size()];
        for (int i : testIdx) {
            double[] gamma = new double[backends.size()];
            for (int h = 0; h < backends.size(); h++) {
                double s = 0;
                for (int k = 0; k < psi[h].length; k++) {
                    s += memberships[i][k] * psi[h][k];
                }
                gamma[h] = s;
                backendCorrect[h] += backends.get(h).correct().get(i) ? 1 : 0;
            }
            int chosen = CostAwareRule.choose(gamma, normalizedCosts, lambda);
            routed[chosen]++;
            routerCorrect += backends.get(chosen).correct().get(i) ? 1 : 0;
            routerCost += backends.get(chosen).costPerQuery();
        }
        int t = testIdx.size();
        List<BackendOutcome> each = new ArrayList<>();
        for (int h = 0; h < backends.size(); h++) {
            each.add(new BackendOutcome(backends.get(h).name(), round(backendCorrect[h] / t), roundCost(backends.get(h).costPerQuery()),
                    round(routed[h] / (double) t)));
        }
        return new RouterEstimate(t, lambda, new Outcome(round(routerCorrect / t), roundCost(routerCost / t)), each);
    }

    /** A seeded split with at least one prompt on each side. */
    static boolean[] split(int n, double fraction, long seed) {
        boolean[] held = new boolean[n];
        int want = Math.max(1, Math.min(n - 1, (int) Math.round(n * fraction)));
        int[] order = new SplittableRandom(seed).ints(0, Integer.MAX_VALUE).limit(n).toArray();
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Integer.compare(order[a], order[b]));
        for (int i = 0; i < want; i++) {
            held[idx[i]] = true;
        }
        return held;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static double roundCost(double v) {
        return Math.round(v * 1e9) / 1e9;
    }
}
