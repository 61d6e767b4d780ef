package io.uniroute.demo;

import java.util.Map;

/** USD per million input and output tokens, per backend name: what the demo charges each answer. */
record Prices(Map<String, double[]> perBackend) {

    Prices {
        perBackend = Map.copyOf(perBackend);
    }

    double costUsd(String backend, long inputTokens, long outputTokens) {
        double[] p = perBackend.get(backend);
        if (p == null) {
            throw new IllegalArgumentException("no price for backend " + backend);
        }
        return (inputTokens * p[0] + outputTokens * p[1]) / 1_000_000.0;
    }
}
