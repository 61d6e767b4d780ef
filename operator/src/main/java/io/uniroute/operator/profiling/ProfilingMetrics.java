package io.uniroute.operator.profiling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Our profiling metrics: uniroute_profiling_requests_total{backend,outcome},
 * uniroute_profiling_failures_total{backend,reason} (profiles that stopped on a failure) and
 * uniroute_profiling_request_duration_seconds{backend}.
 */
public final class ProfilingMetrics {

    private final MeterRegistry registry;

    public ProfilingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void request(String backend, String outcome, Duration duration) {
        Counter.builder("uniroute.profiling.requests").tag("backend", backend).tag("outcome", outcome)
                .description("Chat completions sent while profiling").register(registry).increment();
        Timer.builder("uniroute.profiling.request.duration").tag("backend", backend)
                .description("Latency of profiling requests").register(registry).record(duration);
    }

    void failure(String backend, String reason) {
        Counter.builder("uniroute.profiling.failures").tag("backend", backend).tag("reason", reason)
                .description("Profiling runs stopped by a backend failure").register(registry).increment();
    }
}
