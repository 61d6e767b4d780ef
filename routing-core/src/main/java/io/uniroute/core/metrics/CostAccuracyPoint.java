package io.uniroute.core.metrics;

/** One operating point of a router: mean normalised cost and mean accuracy on a prompt set. */
public record CostAccuracyPoint(double cost, double accuracy) {
}
