package io.uniroute.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * The LLM judge of a PromptSet's {@code judge}-graded entries: an LLMBackend of the same namespace,
 * asked with the fixed, versioned judge prompt for a score in [0, 1]; an answer is right when
 * {@code score >= passThreshold}.
 */
public record JudgeSpec(
        @Required @Size(min = 1, max = 253) @JsonPropertyDescription("Name of the LLMBackend (same namespace) that judges")
        String backendRef,
        @Size(max = 4000) @JsonPropertyDescription("What a good answer does, for entries without a reference answer")
        String rubric,
        @Min(0) @Max(1) @JsonPropertyDescription("Lowest judge score counted as right, in [0, 1]; default 0.5")
        Double passThreshold) {

    public static final double DEFAULT_PASS_THRESHOLD = 0.5;

    public double passThresholdOrDefault() {
        return passThreshold == null ? DEFAULT_PASS_THRESHOLD : passThreshold;
    }
}
