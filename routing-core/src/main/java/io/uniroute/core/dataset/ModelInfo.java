package io.uniroute.core.dataset;

import java.util.OptionalDouble;

/** One row of {@code models.csv}: an LLM and its prices in USD per million tokens (each may be unknown). */
public record ModelInfo(String name, Double inputUsdPerMtok, Double outputUsdPerMtok, Double paramsB) {

    public ModelInfo {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("model name is blank");
        }
    }

    /** USD for one query of the given token counts; empty when a needed price is unknown. */
    public OptionalDouble costUsd(double inputTokens, double outputTokens) {
        if (inputUsdPerMtok == null || outputUsdPerMtok == null) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((inputTokens * inputUsdPerMtok + outputTokens * outputUsdPerMtok) / 1_000_000.0);
    }
}
