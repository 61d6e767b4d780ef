package io.uniroute.core.routing;

import static io.uniroute.core.Fixtures.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class KnnErrorEstimatorTest {

    private final List<float[]> validation = List.of(unit(1, 0), unit(0.8, 0.6), unit(0, 1), unit(-1, 0));
    private final double[][] errors = {{0, 1}, {1, 1}, {1, 0}, {0, 0}};

    @Test
    void averagesTheNearestValidationPrompts() {
        KnnErrorEstimator knn = new KnnErrorEstimator(validation, errors, 2);
        // nearest to (1, 0.1): (1, 0) and (0.8, 0.6)
        assertThat(knn.estimateErrors(unit(1, 0.1))).containsExactly(new double[] {0.5, 1.0}, within(1e-12));
        // nearest to (0, 1): (0, 1) and (0.8, 0.6)
        assertThat(knn.estimateErrors(unit(0, 1))).containsExactly(new double[] {1.0, 0.5}, within(1e-12));
    }

    @Test
    void kIsCappedAtThePromptCount() {
        KnnErrorEstimator knn = new KnnErrorEstimator(validation, errors, 50);
        assertThat(knn.estimateErrors(unit(1, 0))).containsExactly(new double[] {0.5, 0.5}, within(1e-12));
    }

    @Test
    void rejectsMismatchedInput() {
        assertThatThrownBy(() -> new KnnErrorEstimator(validation, new double[][] {{0}}, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KnnErrorEstimator(validation, errors, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
