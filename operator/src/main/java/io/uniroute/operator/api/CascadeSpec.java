package io.uniroute.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** Cascade settings (strategy {@code cascade}). */
public record CascadeSpec(
        @JsonPropertyDescription("Backend names from cheap to expensive; default: the routable backends by cost")
        List<String> stages,
        @Min(0) @Max(1) @Default("0.5") @JsonPropertyDescription("Skip a stage whose estimated error is above this")
        Double maxEstimatedError,
        @Max(0) @Default("-0.5") @JsonPropertyDescription("Escalate when the answer's mean token logprob is below this")
        Double minMeanLogprob,
        @Min(1) @Max(10) @Default("3") Integer maxStages) {
}
