package io.uniroute.core.routing;

import io.uniroute.core.embedding.Vectors;

/** UniRoute LearnedMap at inference: Φ_k(x) = softmax_k(θ_kᵀ x). */
public final class SoftmaxClusterMap implements ClusterMap {

    private final float[][] theta;

    public SoftmaxClusterMap(float[][] theta) {
        if (theta.length == 0) {
            throw new IllegalArgumentException("no cluster");
        }
        this.theta = theta;
    }

    @Override
    public int clusters() {
        return theta.length;
    }

    @Override
    public int dimension() {
        return theta[0].length;
    }

    @Override
    public double[] membership(float[] embedding) {
        double[] logits = new double[theta.length];
        for (int k = 0; k < theta.length; k++) {
            logits[k] = Vectors.dot(theta[k], embedding);
        }
        return softmax(logits);
    }

    public static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = Math.exp(logits[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= sum;
        }
        return out;
    }
}
