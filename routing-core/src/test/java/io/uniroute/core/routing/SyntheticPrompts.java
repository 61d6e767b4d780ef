package io.uniroute.core.routing;

import io.uniroute.core.embedding.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Prompts drawn around G orthogonal directions (topics) with 0-1 errors per LLM drawn from a
 * per-topic error probability: data with a known cluster structure for the routing tests.
 */
record SyntheticPrompts(List<float[]> embeddings, int[] topic, double[][] errors) {

    /** @param topicErrorRates [llm][topic] probability that the LLM is wrong on a prompt of that topic */
    static SyntheticPrompts draw(int perTopic, int dimension, double[][] topicErrorRates, long seed) {
        Random r = new Random(seed);
        int topics = topicErrorRates[0].length;
        List<float[]> x = new ArrayList<>();
        int[] t = new int[perTopic * topics];
        double[][] e = new double[perTopic * topics][topicErrorRates.length];
        int i = 0;
        for (int g = 0; g < topics; g++) {
            for (int n = 0; n < perTopic; n++, i++) {
                float[] v = new float[dimension];
                for (int j = 0; j < dimension; j++) {
                    v[j] = (float) (r.nextGaussian() * 0.15);
                }
                v[g] += 1;
                x.add(Vectors.normalized(v));
                t[i] = g;
                for (int h = 0; h < topicErrorRates.length; h++) {
                    e[i][h] = r.nextDouble() < topicErrorRates[h][g] ? 1 : 0;
                }
            }
        }
        return new SyntheticPrompts(x, t, e);
    }

    /** The error columns of the given LLMs. */
    double[][] errorsOf(int... llms) {
        double[][] out = new double[errors.length][llms.length];
        for (int i = 0; i < errors.length; i++) {
            for (int j = 0; j < llms.length; j++) {
                out[i][j] = errors[i][llms[j]];
            }
        }
        return out;
    }

    /** Each LLM's cost on every prompt. */
    double[][] costs(double... perLlm) {
        double[][] out = new double[errors.length][];
        for (int i = 0; i < errors.length; i++) {
            out[i] = perLlm.clone();
        }
        return out;
    }
}
