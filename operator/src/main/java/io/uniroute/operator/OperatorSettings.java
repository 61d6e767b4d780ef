package io.uniroute.operator;

import java.time.Duration;
import java.util.Set;

/**
 * Tunables of the operator process.
 *
 * @param namespaces namespaces to watch; empty for all
 * @param profilingBatch how long one profiling batch may take new prompts before progress is saved
 * @param retryBackoff first back-off between retries of one request (doubles per retry)
 * @param failureBackoff first delay before a failed profile is tried again (doubles per failure)
 * @param failureBackoffMax the longest such delay
 * @param reconcileThreads JOSDK reconciliation threads (profiling batches run on their own pool)
 * @param serverSideApply write status and owned ConfigMaps by server-side apply (JOSDK's default); off
 *     only for an API without it (the demo's embedded fabric8 mock server)
 */
public record OperatorSettings(
        Set<String> namespaces,
        Duration profilingBatch,
        Duration retryBackoff,
        Duration failureBackoff,
        Duration failureBackoffMax,
        int reconcileThreads,
        boolean serverSideApply) {

    public OperatorSettings {
        namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
    }

    /** With server-side apply. */
    public OperatorSettings(Set<String> namespaces, Duration profilingBatch, Duration retryBackoff, Duration failureBackoff,
            Duration failureBackoffMax, int reconcileThreads) {
        this(namespaces, profilingBatch, retryBackoff, failureBackoff, failureBackoffMax, reconcileThreads, true);
    }

    public static OperatorSettings defaults() {
        return new OperatorSettings(Set.of(), Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(10),
                Duration.ofMinutes(10), 10);
    }

    public OperatorSettings withNamespaces(Set<String> ns) {
        return new OperatorSettings(ns, profilingBatch, retryBackoff, failureBackoff, failureBackoffMax, reconcileThreads,
                serverSideApply);
    }

    /** For an API server without server-side apply (the demo's embedded mock server): optimistic-locking updates instead. */
    public OperatorSettings withoutServerSideApply() {
        return new OperatorSettings(namespaces, profilingBatch, retryBackoff, failureBackoff, failureBackoffMax, reconcileThreads,
                false);
    }

    public Duration failureDelay(int consecutiveFailures) {
        long ms = failureBackoff.toMillis() << Math.min(Math.max(consecutiveFailures - 1, 0), 20);
        return Duration.ofMillis(Math.min(ms, failureBackoffMax.toMillis()));
    }
}
