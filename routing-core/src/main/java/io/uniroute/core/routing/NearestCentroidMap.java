package io.uniroute.core.routing;

import io.uniroute.core.clustering.NearestCentroidSearch;

/** UniRoute K-Means: Φ(x) is the one-hot vector of the nearest centroid. */
public final class NearestCentroidMap implements ClusterMap {

    private final float[][] centroids;
    private final NearestCentroidSearch search;

    public NearestCentroidMap(float[][] centroids) {
        if (centroids.length == 0) {
            throw new IllegalArgumentException("no centroid");
        }
        this.centroids = centroids;
        this.search = new NearestCentroidSearch(centroids);
    }

    @Override
    public int clusters() {
        return centroids.length;
    }

    @Override
    public int dimension() {
        return centroids[0].length;
    }

    @Override
    public double[] membership(float[] embedding) {
        double[] w = new double[centroids.length];
        w[search.nearest(embedding)] = 1.0;
        return w;
    }

    @Override
    public int dominantCluster(float[] embedding) {
        return search.nearest(embedding);
    }
}
