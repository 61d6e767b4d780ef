package io.uniroute.core.metrics;

import io.uniroute.core.routing.CostAwareRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes a prompt set once per λ with {@link CostAwareRule} and measures each λ's operating point:
 * the mean cost actually spent (per prompt and LLM) and the mean accuracy (1 − error) reached.
 */
public final class LambdaSweep {

    private LambdaSweep() {
    }

    /** λ = 0, then 10^-4 … 10^4 geometrically: beyond that every router picks its cheapest LLM. */
    public static double[] defaultLambdas() {
        int steps = 160;
        double[] out = new double[steps + 2];
        for (int i = 0; i <= steps; i++) {
            out[i + 1] = Math.pow(10, -4 + 8.0 * i / steps);
        }
        return out;
    }

    /**
     * @param estimated  γ[prompt][llm], the router's estimated errors
     * @param errors     err[prompt][llm], the recorded errors
     * @param promptCost cost[prompt][llm], what answering the prompt with the LLM costs (normalised)
     * @param ruleCosts  c(h) per LLM as the router knows it (normalised), what λ multiplies
     */
    public static List<CostAccuracyPoint> points(double[][] estimated, double[][] errors, double[][] promptCost,
            double[] ruleCosts, double[] lambdas) {
        int n = estimated.length;
        if (n == 0 || errors.length != n || promptCost.length != n) {
            throw new IllegalArgumentException("need the same non-empty prompt set for estimates, errors and costs");
        }
        List<CostAccuracyPoint> out = new ArrayList<>(lambdas.length);
        for (double lambda : lambdas) {
            double cost = 0;
            double accuracy = 0;
            for (int i = 0; i < n; i++) {
                int h = CostAwareRule.choose(estimated[i], ruleCosts, lambda);
                cost += promptCost[i][h];
                accuracy += 1 - errors[i][h];
            }
            out.add(new CostAccuracyPoint(cost / n, accuracy / n));
        }
        return out;
    }

    /** The deferral curve of a router that always picks one LLM: one point. */
    public static CostAccuracyPoint single(int llm, double[][] errors, double[][] promptCost) {
        double cost = 0;
        double accuracy = 0;
        for (int i = 0; i < errors.length; i++) {
            cost += promptCost[i][llm];
            accuracy += 1 - errors[i][llm];
        }
        return new CostAccuracyPoint(cost / errors.length, accuracy / errors.length);
    }
}
