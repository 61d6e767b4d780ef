package io.uniroute.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LambdaSweepTest {

    // two prompts, a cheap LLM (right on prompt 0) and a dear one (right on both)
    private final double[][] errors = {{0, 0}, {1, 0}};
    private final double[][] promptCost = {{0.1, 1.0}, {0.3, 1.0}};
    private final double[] ruleCosts = {0.2, 1.0};

    @Test
    void eachLambdaGivesTheMeanCostAndAccuracyOfItsChoices() {
        List<CostAccuracyPoint> points = LambdaSweep.points(errors, errors, promptCost, ruleCosts, new double[] {0, 0.5, 10});
        // λ = 0: ties on prompt 0 go to the cheaper LLM; prompt 1 needs the dear one
        assertThat(points.get(0).cost()).isCloseTo((0.1 + 1.0) / 2, within(1e-12));
        assertThat(points.get(0).accuracy()).isEqualTo(1.0);
        // λ = 0.5: prompt 1: 1 + 0.1 vs 0 + 0.5 → still the dear one
        assertThat(points.get(1)).isEqualTo(points.get(0));
        // λ = 10: the cheap LLM everywhere
        assertThat(points.get(2).cost()).isCloseTo(0.2, within(1e-12));
        assertThat(points.get(2).accuracy()).isEqualTo(0.5);
    }

    @Test
    void singleLlmPoint() {
        assertThat(LambdaSweep.single(1, errors, promptCost)).isEqualTo(new CostAccuracyPoint(1.0, 1.0));
    }

    @Test
    void defaultLambdasStartAtZeroAndGrow() {
        double[] l = LambdaSweep.defaultLambdas();
        assertThat(l[0]).isZero();
        for (int i = 1; i < l.length; i++) {
            assertThat(l[i]).isGreaterThan(l[i - 1]);
        }
        assertThat(l[l.length - 1]).isCloseTo(1e4, within(1e-6));
    }
}
