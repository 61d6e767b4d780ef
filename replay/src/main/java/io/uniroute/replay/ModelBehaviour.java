package io.uniroute.replay;

import java.time.Duration;
import java.util.Objects;

/**
 * How one simulated model behaves besides what it answers: {@code latency} before the answer (or
 * the first stream chunk), {@code tokenInterval} between stream chunks, and its {@link FaultPlan}.
 */
public record ModelBehaviour(Duration latency, Duration tokenInterval, FaultPlan faults) {

    public static final ModelBehaviour DEFAULT = new ModelBehaviour(Duration.ZERO, Duration.ZERO, FaultPlan.NONE);

    public ModelBehaviour {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(tokenInterval, "tokenInterval");
        Objects.requireNonNull(faults, "faults");
        if (latency.isNegative() || tokenInterval.isNegative()) {
            throw new IllegalArgumentException("latency and tokenInterval must not be negative");
        }
    }

    public ModelBehaviour withLatency(Duration d) {
        return new ModelBehaviour(d, tokenInterval, faults);
    }

    public ModelBehaviour withTokenInterval(Duration d) {
        return new ModelBehaviour(latency, d, faults);
    }

    public ModelBehaviour withFaults(FaultPlan f) {
        return new ModelBehaviour(latency, tokenInterval, f);
    }
}
