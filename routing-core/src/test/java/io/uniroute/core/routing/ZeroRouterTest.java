package io.uniroute.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ZeroRouterTest {

    // LLM 2 lies above the chord from LLM 1 to LLM 3 in (cost, error): never worth routing to
    private final double[] costs = {0.1, 0.5, 0.6, 1.0};
    private final double[] errorRates = {0.6, 0.3, 0.45, 0.2};

    @Test
    void lowerHullDropsDominatedLlms() {
        assertThat(ZeroRouter.lowerHull(costs, errorRates)).containsExactly(0, 1, 3);
    }

    @Test
    void sweepingLambdaVisitsExactlyTheHull() {
        ZeroRouter zero = new ZeroRouter(errorRates);
        TreeSet<Integer> chosen = new TreeSet<>();
        for (int i = 0; i <= 400; i++) {
            double lambda = i == 0 ? 0 : Math.pow(10, -3 + 6.0 * i / 400);
            chosen.add(CostAwareRule.choose(zero.estimateErrors(new float[] {1}), costs, lambda));
        }
        assertThat(chosen).containsExactly(0, 1, 3);
    }

    @Test
    void errorRatesAreTheMeanErrors() {
        ZeroRouter zero = ZeroRouter.fromErrors(new double[][] {{1, 0}, {0, 0}, {1, 1}, {0, 1}});
        assertThat(zero.estimateErrors(new float[] {0.3f})).containsExactly(0.5, 0.5);
    }

    @Test
    void aCheaperMoreAccurateLlmDominatesEverything() {
        assertThat(ZeroRouter.lowerHull(new double[] {0.2, 0.5, 1.0}, new double[] {0.1, 0.3, 0.4})).containsExactly(0);
    }
}
