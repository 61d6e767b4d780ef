package io.uniroute.core.routing;

import java.util.List;

/**
 * Ψ(h): an LLM's per-cluster error on the validation (profiling) prompts. This is all a new LLM
 * needs to become routable — nothing else is refitted.
 */
public final class FeatureVectors {

    private FeatureVectors() {
    }

    /**
     * Ψ_k(h) = Σ_x Φ_k(x)·err(h, x) / Σ_x Φ_k(x) over the validation prompts; with a hard map this is
     * the mean error of the prompts in cluster k. A cluster that no validation prompt falls in takes
     * h's overall error rate, the best estimate left (PAPERS.md).
     */
    public static double[] psi(ClusterMap map, List<float[]> validationEmbeddings, double[] errors) {
        return psiFromMemberships(memberships(map, validationEmbeddings), errors);
    }

    public static double[][] memberships(ClusterMap map, List<float[]> embeddings) {
        double[][] out = new double[embeddings.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = map.membership(embeddings.get(i));
        }
        return out;
    }

    public static double[] psiFromMemberships(double[][] memberships, double[] errors) {
        if (memberships.length != errors.length) {
            throw new IllegalArgumentException(memberships.length + " prompts but " + errors.length + " errors");
        }
        if (errors.length == 0) {
            throw new IllegalArgumentException("no validation prompt");
        }
        int k = memberships[0].length;
        double[] weighted = new double[k];
        double[] mass = new double[k];
        double overall = 0;
        for (int i = 0; i < errors.length; i++) {
            overall += errors[i];
            for (int c = 0; c < k; c++) {
                weighted[c] += memberships[i][c] * errors[i];
                mass[c] += memberships[i][c];
            }
        }
        overall /= errors.length;
        double[] psi = new double[k];
        for (int c = 0; c < k; c++) {
            psi[c] = mass[c] > 1e-12 ? weighted[c] / mass[c] : overall;
        }
        return psi;
    }
}
