package io.uniroute.demo;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * What the demo saw: the backends it started with, the one that joined later, the clusters, and
 * the traffic before and after the late backend joined.
 */
record DemoResult(List<String> backends, String lateBackend, int clusters, boolean centroidsUnchanged,
        DemoRun.Phase before, DemoRun.Phase after, int heldOutPrompts, Duration elapsed, DemoRun.ProfilingCalls calls) {

    DemoResult {
        backends = List.copyOf(backends);
    }

    /** The cheapest single backend of a phase, by its measured cost. */
    static TrafficResult cheapest(DemoRun.Phase phase) {
        return phase.pinned().stream().min(Comparator.comparingDouble(TrafficResult::meanCostUsd)).orElseThrow();
    }

    /** The most accurate single backend of a phase (the cheaper one on a tie). */
    static TrafficResult mostAccurate(DemoRun.Phase phase) {
        return phase.pinned().stream().max(Comparator.comparingDouble(TrafficResult::accuracy)
                .thenComparing(Comparator.comparingDouble(TrafficResult::meanCostUsd).reversed())).orElseThrow();
    }

    /** The late backend's share of routed traffic at each λ after it joined. */
    double lateShareMax() {
        return after.routed().stream().mapToDouble(r -> r.shares().getOrDefault(lateBackend, 0.0)).max().orElse(0);
    }
}
