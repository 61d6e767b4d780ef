package io.uniroute.core.clustering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KMeansTest {

    /** Three tight blobs around far-apart centres, 20 points each, in the order blob 0, 1, 2. */
    private static List<float[]> blobs(long seed) {
        float[][] centres = {{0, 0}, {10, 0}, {0, 10}};
        Random r = new Random(seed);
        List<float[]> points = new ArrayList<>();
        for (float[] c : centres) {
            for (int i = 0; i < 20; i++) {
                points.add(new float[] {c[0] + (float) r.nextGaussian() * 0.3f, c[1] + (float) r.nextGaussian() * 0.3f});
            }
        }
        return points;
    }

    @Test
    void separatesSeparableBlobs() {
        KMeans.Clustering c = new KMeans(3, 42).fit(blobs(1));
        for (int blob = 0; blob < 3; blob++) {
            int label = c.assignment()[blob * 20];
            for (int i = 0; i < 20; i++) {
                assertThat(c.assignment()[blob * 20 + i]).as("point %d of blob %d", i, blob).isEqualTo(label);
            }
        }
        assertThat(c.assignment()[0]).isNotEqualTo(c.assignment()[20]).isNotEqualTo(c.assignment()[40]);
        assertThat(c.assignment()[20]).isNotEqualTo(c.assignment()[40]);
        // each centroid sits on its blob's centre
        float[] centroidOfBlob1 = c.centroids()[c.assignment()[20]];
        assertThat(centroidOfBlob1[0]).isCloseTo(10f, org.assertj.core.data.Offset.offset(0.3f));
        assertThat(centroidOfBlob1[1]).isCloseTo(0f, org.assertj.core.data.Offset.offset(0.3f));
    }

    @Test
    void sameSeedSameResult() {
        List<float[]> points = blobs(2);
        KMeans.Clustering a = new KMeans(5, 7).fit(points);
        KMeans.Clustering b = new KMeans(5, 7).fit(points);
        assertThat(a.assignment()).containsExactly(b.assignment());
        assertThat(a.centroids()).isDeepEqualTo(b.centroids());
    }

    @Test
    void nearestPicksTheClosestCentroid() {
        float[][] centroids = {{0, 0}, {1, 1}, {5, 5}};
        assertThat(KMeans.nearest(centroids, new float[] {0.9f, 1.2f})).isEqualTo(1);
        assertThat(KMeans.nearest(centroids, new float[] {4f, 3.9f})).isEqualTo(2);
    }

    @Test
    void refusesMoreClustersThanPoints() {
        assertThatThrownBy(() -> new KMeans(4, 1).fit(List.of(new float[] {0}, new float[] {1})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("larger than the number of points");
        assertThatThrownBy(() -> new KMeans(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
