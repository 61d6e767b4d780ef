package io.uniroute.sidecar.proxy;

import io.uniroute.sidecar.metrics.SidecarMetrics;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * One breaker per backend, shared by all event loops: after {@code failureThreshold} failures in a
 * row the backend is kept out for {@code openMillis}; then one request may try it (half-open) and
 * its outcome closes or reopens the breaker.
 */
public final class CircuitBreakers {

    private record State(int failures, long openUntil, boolean trialTaken) {
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final SidecarMetrics metrics;
    private final LongSupplier clock;

    public CircuitBreakers(SidecarMetrics metrics, LongSupplier millisClock) {
        this.metrics = metrics;
        this.clock = millisClock;
    }

    /** Backends a new request must not use now. */
    public Set<String> open() {
        long now = clock.getAsLong();
        return states.entrySet().stream()
                .filter(e -> e.getValue().openUntil() > now
                        || (e.getValue().openUntil() > 0 && e.getValue().trialTaken()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Called when a request is about to use the backend: takes the half-open trial if due. */
    public void using(String backend) {
        states.computeIfPresent(backend, (b, s) -> s.openUntil() > 0 && s.openUntil() <= clock.getAsLong()
                ? new State(s.failures(), s.openUntil(), true) : s);
    }

    public void success(String backend) {
        State old = states.remove(backend);
        if (old != null && old.openUntil() > 0) {
            metrics.circuitState(backend, false);
        }
    }

    public void failure(String backend, int threshold, long openMillis) {
        State s = states.compute(backend, (b, old) -> {
            int failures = old == null ? 1 : old.failures() + 1;
            boolean trip = failures >= threshold;
            return new State(failures, trip ? clock.getAsLong() + openMillis : 0, false);
        });
        if (s.openUntil() > 0) {
            metrics.circuitState(backend, true);
        }
    }
}
