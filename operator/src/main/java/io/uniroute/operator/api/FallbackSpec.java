package io.uniroute.operator.api;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.uniroute.core.table.RoutingTable.Fallback;

/** The sidecar's retries on the next-best backend and its circuit breaker; defaults shared with the sidecar. */
public record FallbackSpec(
        @Min(1) @Max(10) @Default("" + Fallback.DEFAULT_MAX_ATTEMPTS) Integer maxAttempts,
        @Min(1) @Max(1000) @Default("" + Fallback.DEFAULT_FAILURE_THRESHOLD) Integer failureThreshold,
        @Min(100) @Max(3600000) @Default("" + Fallback.DEFAULT_OPEN_MILLIS) Long openMillis) {
}
