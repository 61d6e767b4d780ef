package io.uniroute.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.core.clustering.KMeans;
import org.junit.jupiter.api.Test;

/** Adding an LLM after fitting needs only its validation errors (Ψ): the cluster map is not refitted. */
class NewLlmWithoutRefitTest {

    // LLMs 0 and 1 train the router; LLM 2 arrives later: cheap, and right on topic 1 only
    private static final double[][] RATES = {{0.3, 0.3, 0.3}, {0.1, 0.1, 0.1}, {0.9, 0.0, 0.9}};

    @Test
    void aNewLlmIsRoutedToWhereItIsGoodWithTheMapUnchanged() {
        SyntheticPrompts train = SyntheticPrompts.draw(40, 6, RATES, 11);
        SyntheticPrompts val = SyntheticPrompts.draw(20, 6, RATES, 12);
        float[][] centroids = new KMeans(3, 1).fit(train.embeddings()).centroids();
        LearnedMapFitter.Fit fit = new LearnedMapFitter(new LearnedMapFitter.Options(20, 0.05, new double[] {5}))
                .fit(centroids, train.embeddings(), train.errorsOf(0, 1), val.embeddings(), val.errorsOf(0, 1));
        float[][] thetaBefore = deepCopy(fit.theta());

        for (ClusterMap map : new ClusterMap[] {new NearestCentroidMap(centroids), fit.map()}) {
            double[][] valErrors = val.errorsOf(0, 1, 2);
            double[][] psi = new double[3][];
            for (int h = 0; h < 3; h++) {
                double[] column = new double[valErrors.length];
                for (int i = 0; i < column.length; i++) {
                    column[i] = valErrors[i][h];
                }
                psi[h] = FeatureVectors.psi(map, val.embeddings(), column);
            }
            ClusterErrorEstimator estimator = new ClusterErrorEstimator(map, psi);
            double[] costs = {0.5, 1.0, 0.1};
            float[] topic1 = val.embeddings().get(20);
            float[] topic0 = val.embeddings().get(0);
            assertThat(CostAwareRule.choose(estimator.estimateErrors(topic1), costs, 0.1)).as("topic 1").isEqualTo(2);
            assertThat(CostAwareRule.choose(estimator.estimateErrors(topic0), costs, 0.1)).as("topic 0").isNotEqualTo(2);
        }
        assertThat(fit.theta()).isDeepEqualTo(thetaBefore);
    }

    private static float[][] deepCopy(float[][] m) {
        float[][] out = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }
}
