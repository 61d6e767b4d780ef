package io.uniroute.sidecar.upstream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.metrics.SidecarMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One resilience4j circuit breaker per backend, shared by all event loops. After
 * {@code failureThreshold} failures in a row (a count window of that size, all failed) the backend
 * is left out of rankings for {@code openMillis}; then it turns half-open by itself and one request
 * may try it. Whoever takes a permission gives it back with exactly one of {@link #succeeded},
 * {@link #failed} or {@link #released} — released when the call says nothing about the backend's
 * health (the client left, a 429, the request's own deadline), so a half-open trial is never lost.
 */
public final class BackendBreakers {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BackendBreakers.class);

    private record Entry(RoutingTable.Fallback settings, CircuitBreaker breaker) {
    }

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    private final Map<String, Entry> byBackend = new ConcurrentHashMap<>();
    private final SidecarMetrics metrics;

    public BackendBreakers(SidecarMetrics metrics) {
        this.metrics = metrics;
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(metrics.registry());
    }

    /** Backends a new request must not be ranked to now: their breaker is open. */
    public Set<String> open() {
        return byBackend.entrySet().stream()
                .filter(e -> isOpen(e.getValue().breaker().getState()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Takes a permission to call the backend (false: open, or half-open with its trial taken). */
    public boolean tryAcquire(String backend, RoutingTable.Fallback settings) {
        return breaker(backend, settings).tryAcquirePermission();
    }

    public void succeeded(String backend, RoutingTable.Fallback settings, long nanos) {
        breaker(backend, settings).onSuccess(nanos, TimeUnit.NANOSECONDS);
    }

    public void failed(String backend, RoutingTable.Fallback settings, long nanos, Throwable why) {
        breaker(backend, settings).onError(nanos, TimeUnit.NANOSECONDS, why);
    }

    /** The call taught nothing about the backend: give the permission back uncounted. */
    public void released(String backend, RoutingTable.Fallback settings) {
        breaker(backend, settings).releasePermission();
    }

    /** The backend's breaker for these settings; a table that changes them gets a fresh breaker. */
    private CircuitBreaker breaker(String backend, RoutingTable.Fallback settings) {
        Entry e = byBackend.get(backend);
        if (e != null && e.settings().equals(settings)) {
            return e.breaker();
        }
        return byBackend.compute(backend, (name, old) -> {
            if (old != null && old.settings().equals(settings)) {
                return old;
            }
            if (old != null) {
                registry.remove(name);
            }
            int threshold = Math.max(1, settings.failureThreshold());
            CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(threshold)
                    .minimumNumberOfCalls(threshold)
                    .failureRateThreshold(100)
                    .waitDurationInOpenState(Duration.ofMillis(Math.max(1, settings.openMillis())))
                    .automaticTransitionFromOpenToHalfOpenEnabled(true)
                    .permittedNumberOfCallsInHalfOpenState(1)
                    .recordExceptions(Throwable.class)
                    // an LLM answer may take minutes: only failures open a breaker, never slowness
                    .slowCallDurationThreshold(Duration.ofDays(1))
                    .build();
            CircuitBreaker breaker = registry.circuitBreaker(name, config);
            breaker.getEventPublisher().onStateTransition(t -> {
                LOG.info("circuit breaker of backend {}: {}", name, t.getStateTransition());
                metrics.circuitState(name, isOpen(t.getStateTransition().getToState()));
            });
            metrics.circuitState(name, false);
            return new Entry(settings, breaker);
        }).breaker();
    }

    private static boolean isOpen(CircuitBreaker.State s) {
        return s == CircuitBreaker.State.OPEN || s == CircuitBreaker.State.FORCED_OPEN;
    }
}
