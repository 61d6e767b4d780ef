package io.uniroute.core.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * ZeroRouter (RouterBench): ignores the prompt; each LLM's estimated error is its overall error
 * rate. Swept over λ, {@link CostAwareRule} then picks exactly the LLMs on the lower convex hull of
 * the (cost, error) points — the upper hull in (cost, accuracy) — and random mixing of neighbouring
 * λ settings walks the hull's edges. It is UniRoute with K = 1.
 */
public final class ZeroRouter implements ErrorEstimator {

    private final double[] errorRates;

    public ZeroRouter(double[] errorRates) {
        if (errorRates.length == 0) {
            throw new IllegalArgumentException("no LLM");
        }
        this.errorRates = errorRates.clone();
    }

    /** Overall error rate per LLM from err[prompt][llm]. */
    public static ZeroRouter fromErrors(double[][] errors) {
        int llms = errors[0].length;
        double[] rates = new double[llms];
        for (double[] row : errors) {
            for (int h = 0; h < llms; h++) {
                rates[h] += row[h];
            }
        }
        for (int h = 0; h < llms; h++) {
            rates[h] /= errors.length;
        }
        return new ZeroRouter(rates);
    }

    @Override
    public double[] estimateErrors(float[] embedding) {
        return errorRates.clone();
    }

    /**
     * The LLMs on the lower convex hull of (cost, error), from the cheapest to the most accurate:
     * the only ones a ZeroRouter ever routes to.
     */
    public static List<Integer> lowerHull(double[] costs, double[] errorRates) {
        Integer[] order = new Integer[costs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> costs[a] != costs[b]
                ? Double.compare(costs[a], costs[b]) : Double.compare(errorRates[a], errorRates[b]));
        int best = order[0];
        for (int i : order) {
            if (errorRates[i] < errorRates[best]) {
                best = i;
            }
        }
        List<Integer> hull = new ArrayList<>();
        for (int p : order) {
            if (costs[p] > costs[best]) {
                break;
            }
            if (!hull.isEmpty() && costs[p] == costs[hull.get(hull.size() - 1)]) {
                continue;
            }
            while (hull.size() >= 2) {
                int a = hull.get(hull.size() - 2);
                int b = hull.get(hull.size() - 1);
                double cross = (costs[b] - costs[a]) * (errorRates[p] - errorRates[a])
                        - (errorRates[b] - errorRates[a]) * (costs[p] - costs[a]);
                if (cross <= 0) { // b on or above the chord a–p: not on the lower hull
                    hull.remove(hull.size() - 1);
                } else {
                    break;
                }
            }
            hull.add(p);
        }
        return hull;
    }
}
