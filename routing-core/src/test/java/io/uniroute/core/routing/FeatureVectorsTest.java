package io.uniroute.core.routing;

import static io.uniroute.core.Fixtures.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureVectorsTest {

    private final List<float[]> validation = List.of(unit(1, 0.1), unit(0.9, 0), unit(0, 1));
    private final double[] errors = {1, 0, 1};

    @Test
    void psiIsTheMeanErrorPerCluster() {
        ClusterMap map = new NearestCentroidMap(new float[][] {{1, 0}, {0, 1}});
        assertThat(FeatureVectors.psi(map, validation, errors)).containsExactly(new double[] {0.5, 1.0}, within(1e-12));
    }

    @Test
    void emptyClusterTakesTheOverallErrorRate() {
        ClusterMap map = new NearestCentroidMap(new float[][] {{1, 0}, {0, 1}, {-1, 0}});
        assertThat(FeatureVectors.psi(map, validation, errors)).containsExactly(new double[] {0.5, 1.0, 2.0 / 3}, within(1e-12));
    }

    @Test
    void softMembershipsWeighTheErrors() {
        double[][] memberships = {{0.75, 0.25}, {0.25, 0.75}};
        // Ψ_0 = (0.75·1 + 0.25·0) / 1, Ψ_1 = (0.25·1 + 0.75·0) / 1
        assertThat(FeatureVectors.psiFromMemberships(memberships, new double[] {1, 0}))
                .containsExactly(new double[] {0.75, 0.25}, within(1e-12));
    }
}
