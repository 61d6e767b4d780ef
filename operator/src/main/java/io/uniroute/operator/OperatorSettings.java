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
 */
public record OperatorSettings(
        Set<String> namespaces,
        Duration profilingBatch,
        Duration retryBackoff,
        Duration failureBackoff,
        Duration failureBackoffMax,
        int reconcileThreads) {

    public OperatorSettings {
        namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
    }

    public static OperatorSettings defaults() {
        return new OperatorSettings(Set.of(), Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(10),
                Duration.ofMinutes(10), 10);
    }

    public OperatorSettings withNamespaces(Set<String> ns) {
        return new OperatorSettings(ns, profilingBatch, retryBackoff, failureBackoff, failureBackoffMax, reconcileThreads);
    }

    public Duration failureDelay(int consecutiveFailures) {
        long ms = failureBackoff.toMillis() << Math.min(Math.max(consecutiveFailures - 1, 0), 20);
        return Duration.ofMillis(Math.min(ms, failureBackoffMax.toMillis()));
    }
}
