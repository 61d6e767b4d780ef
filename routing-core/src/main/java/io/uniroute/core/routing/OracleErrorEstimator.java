package io.uniroute.core.routing;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The oracle reference point: knows every LLM's recorded error on each evaluated prompt, so with
 * λ = 0 it picks a right LLM whenever one exists, and with λ > 0 the cheapest right one. Only for
 * offline evaluation: it answers only for the prompts it was given.
 */
public final class OracleErrorEstimator implements ErrorEstimator {

    private final Map<EmbeddingKey, double[]> errors = new HashMap<>();

    public OracleErrorEstimator(List<float[]> embeddings, double[][] recordedErrors) {
        if (embeddings.size() != recordedErrors.length) {
            throw new IllegalArgumentException("need one error row per prompt");
        }
        for (int i = 0; i < embeddings.size(); i++) {
            errors.put(new EmbeddingKey(embeddings.get(i)), recordedErrors[i]);
        }
    }

    @Override
    public double[] estimateErrors(float[] embedding) {
        double[] e = errors.get(new EmbeddingKey(embedding));
        if (e == null) {
            throw new IllegalArgumentException("the oracle knows only the prompts it was built with");
        }
        return e.clone();
    }

    // Equal embeddings come from equal prompts; two prompts with the same vector share a row (rare, harmless).
    private record EmbeddingKey(float[] v) {
        @Override
        public boolean equals(Object o) {
            return o instanceof EmbeddingKey k && Arrays.equals(v, k.v);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(v);
        }
    }
}
