package io.uniroute.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uniroute.core.clustering.KMeans;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnedMapFitterTest {

    // three training LLMs, each strong on a different one of three topics
    private static final double[][] RATES = {{0.1, 0.9, 0.5}, {0.9, 0.1, 0.5}, {0.5, 0.5, 0.1}};

    @Test
    void logLossDecreases() {
        SyntheticPrompts train = SyntheticPrompts.draw(60, 8, RATES, 1);
        SyntheticPrompts val = SyntheticPrompts.draw(20, 8, RATES, 2);
        float[][] centroids = new KMeans(3, 5).fit(train.embeddings()).centroids();

        LearnedMapFitter.Fit fit = new LearnedMapFitter(new LearnedMapFitter.Options(40, 0.05, new double[] {1}))
                .fit(centroids, train.embeddings(), train.errors(), val.embeddings(), val.errors());

        double[] loss = fit.lossHistory();
        assertThat(loss).hasSize(41);
        assertThat(loss[40]).isLessThan(loss[0] - 0.01);
        assertThat(fit.theta()).hasDimensions(3, 8);
        // the map separates the topics: prompts of one topic share a dominant cluster, different topics differ
        SoftmaxClusterMap map = fit.map();
        int c0 = map.dominantCluster(val.embeddings().get(0));
        int c1 = map.dominantCluster(val.embeddings().get(20));
        int c2 = map.dominantCluster(val.embeddings().get(40));
        assertThat(List.of(c0, c1, c2)).doesNotHaveDuplicates();
    }

    @Test
    void theFittedMapPredictsErrorsBetterThanTheStart() {
        SyntheticPrompts train = SyntheticPrompts.draw(60, 8, RATES, 3);
        SyntheticPrompts val = SyntheticPrompts.draw(20, 8, RATES, 4);
        float[][] centroids = new KMeans(3, 5).fit(train.embeddings()).centroids();
        LearnedMapFitter.Fit start = new LearnedMapFitter(new LearnedMapFitter.Options(0, 0.05, new double[] {1}))
                .fit(centroids, train.embeddings(), train.errors(), val.embeddings(), val.errors());
        LearnedMapFitter.Fit fitted = new LearnedMapFitter(new LearnedMapFitter.Options(60, 0.05, new double[] {1}))
                .fit(centroids, train.embeddings(), train.errors(), val.embeddings(), val.errors());
        assertThat(fitted.lossHistory()[60]).isLessThan(start.lossHistory()[0]);
        assertThat(start.lossHistory()).hasSize(1);
    }

    @Test
    void rejectsMismatchedInput() {
        SyntheticPrompts train = SyntheticPrompts.draw(5, 4, RATES, 1);
        float[][] centroids = {{1, 0, 0, 0}};
        assertThatThrownBy(() -> new LearnedMapFitter().fit(centroids, train.embeddings(), new double[][] {{0}},
                train.embeddings(), train.errors())).isInstanceOf(IllegalArgumentException.class);
    }
}
