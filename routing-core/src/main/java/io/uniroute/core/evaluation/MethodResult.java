package io.uniroute.core.evaluation;

/**
 * One method's outcome in one trial: Area, Area (50%), QNC in both readings (relative to the most
 * accurate test LLM's cost, and to the most expensive test LLM's cost), and its deferral curve
 * sampled at {@link TrialRunner#CURVE_SAMPLES} evenly spaced costs over [0, 1].
 */
public record MethodResult(double area, double area50, double qnc, double qncOfMaxCost, double[] curve) {
}
