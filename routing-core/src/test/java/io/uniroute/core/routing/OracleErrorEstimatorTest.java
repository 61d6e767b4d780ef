package io.uniroute.core.routing;

import static io.uniroute.core.Fixtures.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OracleErrorEstimatorTest {

    @Test
    void knowsTheRecordedErrorsAndRoutesToTheCheapestRightLlm() {
        OracleErrorEstimator oracle = new OracleErrorEstimator(List.of(unit(1, 0), unit(0, 1)),
                new double[][] {{0, 0, 1}, {1, 1, 0}});
        double[] costs = {0.5, 0.1, 1.0};
        assertThat(CostAwareRule.choose(oracle.estimateErrors(unit(1, 0)), costs, 0.01)).isEqualTo(1);
        assertThat(CostAwareRule.choose(oracle.estimateErrors(unit(0, 1)), costs, 0.01)).isEqualTo(2);
        assertThatThrownBy(() -> oracle.estimateErrors(unit(1, 1))).isInstanceOf(IllegalArgumentException.class);
    }
}
