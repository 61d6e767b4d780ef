package io.uniroute.core.routing;

import io.uniroute.core.embedding.Vectors;
import java.util.List;

/**
 * The K-NN baseline (Hu et al., RouterBench): γ(x, h) is h's mean error on the k validation prompts
 * nearest to x (cosine similarity; embeddings are unit length). A new LLM enters through its
 * validation errors alone, as with UniRoute.
 */
public final class KnnErrorEstimator implements ErrorEstimator {

    private final List<float[]> neighbours;
    private final double[][] errors;
    private final int k;

    /**
     * @param validationEmbeddings the labelled prompts to search
     * @param validationErrors     err[prompt][llm] on those prompts
     * @param k                    neighbours to average (capped at the number of prompts)
     */
    public KnnErrorEstimator(List<float[]> validationEmbeddings, double[][] validationErrors, int k) {
        if (validationEmbeddings.isEmpty() || validationEmbeddings.size() != validationErrors.length) {
            throw new IllegalArgumentException("need one error row per validation prompt, and at least one prompt");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, was " + k);
        }
        this.neighbours = List.copyOf(validationEmbeddings);
        this.errors = validationErrors;
        this.k = Math.min(k, validationEmbeddings.size());
    }

    @Override
    public double[] estimateErrors(float[] embedding) {
        // keep the k most similar in a small sorted array: k is tiny next to the prompt count
        int[] best = new int[k];
        double[] bestSim = new double[k];
        java.util.Arrays.fill(bestSim, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < neighbours.size(); i++) {
            double s = Vectors.dot(neighbours.get(i), embedding);
            if (s <= bestSim[k - 1]) {
                continue;
            }
            int j = k - 1;
            while (j > 0 && bestSim[j - 1] < s) {
                bestSim[j] = bestSim[j - 1];
                best[j] = best[j - 1];
                j--;
            }
            bestSim[j] = s;
            best[j] = i;
        }
        int llms = errors[0].length;
        double[] out = new double[llms];
        for (int i : best) {
            for (int h = 0; h < llms; h++) {
                out[h] += errors[i][h];
            }
        }
        for (int h = 0; h < llms; h++) {
            out[h] /= k;
        }
        return out;
    }
}
