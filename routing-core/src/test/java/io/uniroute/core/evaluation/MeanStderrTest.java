package io.uniroute.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MeanStderrTest {

    @Test
    void meanAndStandardErrorByHand() {
        MeanStderr s = MeanStderr.of(new double[] {1, 2, 3});
        assertThat(s.mean()).isEqualTo(2.0);
        // sample sd 1, n = 3
        assertThat(s.stderr()).isCloseTo(1 / Math.sqrt(3), within(1e-12));
        assertThat(MeanStderr.of(new double[] {0.4}).stderr()).isZero();
    }
}
