package io.uniroute.core.clustering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NearestCentroidSearchTest {

    @Test
    void agreesWithThePlainSearch() {
        Random r = new Random(4);
        float[][] centroids = new float[37][24];
        for (float[] c : centroids) {
            for (int j = 0; j < c.length; j++) {
                c[j] = (float) r.nextGaussian();
            }
        }
        NearestCentroidSearch search = new NearestCentroidSearch(centroids);
        for (int i = 0; i < 500; i++) {
            float[] x = new float[24];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) r.nextGaussian();
            }
            assertThat(search.nearest(x)).isEqualTo(KMeans.nearest(centroids, x));
        }
    }

    @Test
    void rejectsAWrongDimension() {
        NearestCentroidSearch search = new NearestCentroidSearch(new float[][] {{0, 1}});
        assertThatThrownBy(() -> search.nearest(new float[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NearestCentroidSearch(new float[0][])).isInstanceOf(IllegalArgumentException.class);
    }
}
