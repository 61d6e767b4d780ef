package io.uniroute.core.evaluation;

import java.util.List;
import java.util.Map;

/** One trial: each method's result, the K used, the test LLMs, and the single test LLMs' points. */
public record TrialResult(int trial, int k, List<String> testLlms, Map<String, MethodResult> methods,
        Map<String, double[]> singleLlmPoints) {
}
