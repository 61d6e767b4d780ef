package io.uniroute.sidecar.upstream;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Backends that answered 429, each left out of rankings until its {@code Retry-After} has passed.
 * Shared by all event loops; separate from the circuit breakers, since a rate limit says the
 * backend is busy, not broken.
 */
public final class CoolDowns {

    private final Map<String, Long> until = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public CoolDowns(LongSupplier millisClock) {
        this.clock = millisClock;
    }

    public void rateLimited(String backend, long retryAfterMillis) {
        long end = clock.getAsLong() + retryAfterMillis;
        until.merge(backend, end, Math::max);
    }

    /** Backends still cooling down now. */
    public Set<String> active() {
        long now = clock.getAsLong();
        until.values().removeIf(end -> end <= now);
        return until.isEmpty() ? Set.of() : until.entrySet().stream().filter(e -> e.getValue() > now)
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    /** The shortest remaining cool-down among these backends, if any is cooling down. */
    public OptionalLong shortestRemaining(Iterable<String> backends) {
        long now = clock.getAsLong();
        long best = Long.MAX_VALUE;
        for (String b : backends) {
            Long end = until.get(b);
            if (end != null && end > now) {
                best = Math.min(best, end - now);
            }
        }
        return best == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(best);
    }
}
