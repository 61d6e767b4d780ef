package io.uniroute.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OracleErrorEstimatorTest {

    @Test
    void knowsTheRecordedErrorsAndRoutesToTheCheapestRightLlm() {
        OracleErrorEstimator oracle = new OracleErrorEstimator(new double[][] {{0, 0, 1}, {1, 1, 0}});
        double[] costs = {0.5, 0.1, 1.0};
        assertThat(CostAwareRule.choose(oracle.errorsOf(0), costs, 0.01)).isEqualTo(1);
        assertThat(CostAwareRule.choose(oracle.errorsOf(1), costs, 0.01)).isEqualTo(2);
        assertThatThrownBy(() -> oracle.errorsOf(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..1");
    }
}
