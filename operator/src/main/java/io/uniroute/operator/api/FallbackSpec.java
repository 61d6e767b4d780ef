package io.uniroute.operator.api;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The sidecar's retries on the next-best backend and its circuit breaker. */
public record FallbackSpec(
        @Min(1) @Max(10) @Default("2") Integer maxAttempts,
        @Min(1) @Max(1000) @Default("5") Integer failureThreshold,
        @Min(100) @Max(3600000) @Default("30000") Long openMillis) {
}
