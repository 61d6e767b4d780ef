package io.uniroute.core.routing;

/** Φ: maps a prompt embedding to K non-negative cluster weights that sum to 1. */
public interface ClusterMap {

    int clusters();

    int dimension();

    double[] membership(float[] embedding);

    /** The cluster with the largest weight, reported to users (x-uniroute-cluster). */
    default int dominantCluster(float[] embedding) {
        double[] w = membership(embedding);
        int best = 0;
        for (int i = 1; i < w.length; i++) {
            if (w[i] > w[best]) {
                best = i;
            }
        }
        return best;
    }
}
