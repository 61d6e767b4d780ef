package io.uniroute.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CostAwareRuleTest {

    private final double[] errors = {0.2, 0.1};
    private final double[] costs = {0.1, 1.0};

    @Test
    void lambdaZeroPicksTheLowestError() {
        assertThat(CostAwareRule.choose(errors, costs, 0)).isEqualTo(1);
    }

    @Test
    void costWeightTradesErrorForCost() {
        // 0.2 + 0.2·0.1 = 0.22 < 0.1 + 0.2·1.0 = 0.30
        assertThat(CostAwareRule.choose(errors, costs, 0.2)).isEqualTo(0);
        // 0.2 + 0.05·0.1 = 0.205 > 0.1 + 0.05 = 0.15
        assertThat(CostAwareRule.choose(errors, costs, 0.05)).isEqualTo(1);
    }

    @Test
    void tiesGoToTheCheaperThenTheEarlier() {
        assertThat(CostAwareRule.choose(new double[] {0.3, 0.3}, new double[] {0.5, 0.2}, 0)).isEqualTo(1);
        assertThat(CostAwareRule.choose(new double[] {0.3, 0.3}, new double[] {0.5, 0.5}, 1)).isEqualTo(0);
    }

    @Test
    void rankOrdersEveryCandidate() {
        assertThat(CostAwareRule.rank(new double[] {0.5, 0.1, 0.3}, new double[] {0, 0, 0}, 1)).containsExactly(1, 2, 0);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> CostAwareRule.choose(errors, costs, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CostAwareRule.choose(errors, new double[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CostAwareRule.choose(new double[0], new double[0], 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
