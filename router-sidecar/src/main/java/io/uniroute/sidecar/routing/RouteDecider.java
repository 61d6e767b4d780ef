package io.uniroute.sidecar.routing;

import io.uniroute.core.cascade.CascadePlanner;
import io.uniroute.core.routing.CostAwareRule;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.table.LoadedTable;
import java.util.Arrays;
import java.util.Set;

/**
 * UniRoute's decision for one prompt: Φ(x) from the table's cluster map, γ = Φ(x)ᵀΨ(h), then
 * either the ranking by γ + λ·c (cluster and learned-map strategies) or a cascade plan. Pure and
 * thread-safe; CPU only and microseconds (K×D multiply-adds), so it runs on the event loop.
 */
public final class RouteDecider {

    private RouteDecider() {
    }

    /**
     * @param lambda       λ for this request (the table's unless the request overrides it)
     * @param maxCostUsd   the request's ceiling per call (a cascade's total), or +∞
     * @param unavailable  backends whose circuit breaker is open or that cool down after a 429
     */
    public static Decision decide(LoadedTable t, float[] embedding, double lambda, double maxCostUsd,
            Set<String> unavailable) {
        double[] membership = t.estimator().map().membership(embedding);
        int cluster = argmax(membership);
        double[] errors = t.estimator().estimateErrors(membership);
        return rank(t, cluster, errors, lambda, maxCostUsd, unavailable);
    }

    private static Decision rank(LoadedTable t, int cluster, double[] errors, double lambda, double maxCostUsd,
            Set<String> unavailable) {
        RoutingTable table = t.table();
        if (RoutingTable.STRATEGY_CASCADE.equals(table.strategy())) {
            var c = table.cascade();
            var plan = CascadePlanner.plan(c.stages(), t.indexByName(), errors, t.costsUsd(), c.maxEstimatedError(),
                    c.maxStages(), maxCostUsd, unavailable);
            return new Decision(t, cluster, errors, lambda, plan.stages().stream()
                    .mapToInt(s -> s.backendIndex()).toArray(), plan);
        }
        int[] ranking = Arrays.stream(CostAwareRule.rank(errors, t.normalizedCosts(), lambda))
                .filter(i -> t.costsUsd()[i] <= maxCostUsd)
                .filter(i -> !unavailable.contains(t.backend(i).name()))
                .toArray();
        return new Decision(t, cluster, errors, lambda, ranking, null);
    }

    /**
     * The prompt-independent choice, for a request routed without its embedding (overload): each
     * backend's overall error (1 − its profiled accuracy; the mean of Ψ when the table has no
     * accuracies) in place of γ(x, ·), then the same rule. The cluster is -1 ("none").
     */
    public static Decision decideWithoutPrompt(LoadedTable t, double lambda, double maxCostUsd, Set<String> unavailable) {
        int n = t.table().backends().size();
        boolean accuracies = t.table().backends().stream().anyMatch(b -> b.accuracy() > 0);
        double[] errors = new double[n];
        for (int i = 0; i < n; i++) {
            var b = t.backend(i);
            errors[i] = accuracies ? 1 - b.accuracy() : Arrays.stream(b.psi()).average().orElse(1);
        }
        return rank(t, NO_CLUSTER, errors, lambda, maxCostUsd, unavailable);
    }

    /** The cluster of a decision made without the prompt's embedding. */
    public static final int NO_CLUSTER = -1;

    private static int argmax(double[] w) {
        int best = 0;
        for (int i = 1; i < w.length; i++) {
            if (w[i] > w[best]) {
                best = i;
            }
        }
        return best;
    }
}
