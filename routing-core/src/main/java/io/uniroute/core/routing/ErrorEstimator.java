package io.uniroute.core.routing;

/**
 * γ(x, h): the estimated probability that each candidate LLM answers the prompt wrongly. UniRoute,
 * K-NN and the baselines differ only here; the cost-aware choice is {@link CostAwareRule}'s.
 */
public interface ErrorEstimator {

    /** One estimate per candidate LLM, in the candidates' order. */
    double[] estimateErrors(float[] embedding);
}
