package io.uniroute.core.routing;

/**
 * The oracle reference point: knows every LLM's recorded error on each evaluated prompt, so with
 * λ = 0 it picks a right LLM whenever one exists, and with λ > 0 the cheapest right one. Only for
 * offline evaluation. Keyed by the prompt's index, never by its embedding: different prompts can
 * share a vector (a long shared preamble, a truncating embedder), and each must get its own row.
 */
public final class OracleErrorEstimator {

    private final double[][] errors;

    /** @param recordedErrors err[prompt][llm] of the evaluated prompts, in their order */
    public OracleErrorEstimator(double[][] recordedErrors) {
        this.errors = recordedErrors.clone();
    }

    /** The recorded errors of the {@code prompt}-th evaluated prompt, one per LLM. */
    public double[] errorsOf(int prompt) {
        if (prompt < 0 || prompt >= errors.length) {
            throw new IllegalArgumentException("the oracle knows prompts 0.." + (errors.length - 1) + ", not " + prompt);
        }
        return errors[prompt].clone();
    }
}
