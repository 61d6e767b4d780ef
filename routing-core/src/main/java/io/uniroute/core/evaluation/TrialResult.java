package io.uniroute.core.evaluation;

import java.util.List;
import java.util.Map;

/**
 * One trial: each method's result, the K used, the test LLMs, the single test LLMs' points, and the
 * empirical-Bayes prior strengths fitted for Ψ ("kmeans", "learned_map").
 */
public record TrialResult(int trial, int k, List<String> testLlms, Map<String, MethodResult> methods,
        Map<String, double[]> singleLlmPoints, Map<String, Double> priorStrengths) {

    public TrialResult(int trial, int k, List<String> testLlms, Map<String, MethodResult> methods,
            Map<String, double[]> singleLlmPoints) {
        this(trial, k, testLlms, methods, singleLlmPoints, Map.of());
    }
}
