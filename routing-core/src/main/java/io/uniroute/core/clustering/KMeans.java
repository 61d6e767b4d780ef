package io.uniroute.core.clustering;

import io.uniroute.core.embedding.Vectors;
import java.util.List;
import java.util.Random;

/**
 * Lloyd's k-means with k-means++ seeding. Deterministic for a given seed and input order, so the
 * operator publishes the same centroids every time it reconciles the same prompt set.
 */
public final class KMeans {

    private final int k;
    private final long seed;
    private final int maxIterations;

    public KMeans(int k, long seed, int maxIterations) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, was " + k);
        }
        this.k = k;
        this.seed = seed;
        this.maxIterations = maxIterations;
    }

    public KMeans(int k, long seed) {
        this(k, seed, 100);
    }

    /** Clusters the points; fails when there are fewer points than clusters. */
    public Clustering fit(List<float[]> points) {
        if (points.size() < k) {
            throw new IllegalArgumentException("k = " + k + " is larger than the number of points (" + points.size() + ")");
        }
        int dim = points.get(0).length;
        float[][] centroids = seedPlusPlus(points, new Random(seed));
        int[] assignment = new int[points.size()];
        java.util.Arrays.fill(assignment, -1);
        int iterations = 0;
        for (boolean changed = true; changed && iterations < maxIterations; iterations++) {
            changed = false;
            NearestCentroidSearch search = new NearestCentroidSearch(centroids);
            for (int i = 0; i < points.size(); i++) {
                int nearest = search.nearest(points.get(i));
                if (nearest != assignment[i]) {
                    assignment[i] = nearest;
                    changed = true;
                }
            }
            centroids = recomputeCentroids(points, assignment, centroids, dim);
        }
        return new Clustering(centroids, assignment, iterations);
    }

    public static int nearest(float[][] centroids, float[] x) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            double d = Vectors.squaredDistance(centroids[c], x);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    private float[][] seedPlusPlus(List<float[]> points, Random random) {
        float[][] centroids = new float[k][];
        centroids[0] = points.get(random.nextInt(points.size())).clone();
        double[] d2 = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            d2[i] = Vectors.squaredDistance(points.get(i), centroids[0]);
        }
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double d : d2) {
                total += d;
            }
            int chosen;
            if (total == 0) {
                chosen = random.nextInt(points.size()); // all points coincide with centroids
            } else {
                double r = random.nextDouble() * total;
                chosen = points.size() - 1;
                for (int i = 0; i < d2.length; i++) {
                    r -= d2[i];
                    if (r <= 0) {
                        chosen = i;
                        break;
                    }
                }
            }
            centroids[c] = points.get(chosen).clone();
            for (int i = 0; i < points.size(); i++) {
                d2[i] = Math.min(d2[i], Vectors.squaredDistance(points.get(i), centroids[c]));
            }
        }
        return centroids;
    }

    private float[][] recomputeCentroids(List<float[]> points, int[] assignment, float[][] previous, int dim) {
        double[][] sums = new double[k][dim];
        int[] counts = new int[k];
        for (int i = 0; i < points.size(); i++) {
            float[] p = points.get(i);
            double[] s = sums[assignment[i]];
            for (int j = 0; j < dim; j++) {
                s[j] += p[j];
            }
            counts[assignment[i]]++;
        }
        float[][] out = new float[k][];
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                out[c] = previous[c]; // an emptied cluster keeps its centroid
                continue;
            }
            out[c] = new float[dim];
            for (int j = 0; j < dim; j++) {
                out[c][j] = (float) (sums[c][j] / counts[c]);
            }
        }
        return out;
    }

    /** The result: centroids, each point's cluster, and the Lloyd iterations run. */
    public record Clustering(float[][] centroids, int[] assignment, int iterations) {
    }
}
