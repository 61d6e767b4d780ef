package io.uniroute.core.clustering;

import io.uniroute.core.embedding.Vectors;

/**
 * Finds the nearest of K fixed centroids as argmin_c ‖c‖² − 2 x·c, with the centroids stored
 * transposed so that the inner loop runs over centroids and the JIT vectorises it. This is the hot
 * loop of k-means (n × K × D per Lloyd iteration) and of every hard routing decision.
 * {@link KMeans#nearest} is the plain reference it agrees with (up to float rounding on near-ties).
 * Immutable and thread-safe.
 */
public final class NearestCentroidSearch {

    private final float[][] transposed;
    private final double[] squaredNorms;
    private final int dimension;

    public NearestCentroidSearch(float[][] centroids) {
        if (centroids.length == 0) {
            throw new IllegalArgumentException("no centroid");
        }
        int k = centroids.length;
        dimension = centroids[0].length;
        transposed = new float[dimension][k];
        squaredNorms = new double[k];
        for (int c = 0; c < k; c++) {
            if (centroids[c].length != dimension) {
                throw new IllegalArgumentException("centroids of different dimensions");
            }
            for (int j = 0; j < dimension; j++) {
                transposed[j][c] = centroids[c][j];
            }
            squaredNorms[c] = Vectors.dot(centroids[c], centroids[c]);
        }
    }

    public int nearest(float[] x) {
        if (x.length != dimension) {
            throw new IllegalArgumentException("dimension mismatch: " + x.length + " vs " + dimension);
        }
        float[] dots = new float[squaredNorms.length];
        for (int j = 0; j < dimension; j++) {
            float xj = x[j];
            float[] row = transposed[j];
            for (int c = 0; c < row.length; c++) {
                dots[c] += xj * row[c];
            }
        }
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < dots.length; c++) {
            double d = squaredNorms[c] - 2.0 * dots[c];
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }
}
