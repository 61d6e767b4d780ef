package io.uniroute.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes-style conditions. {@code lastTransitionTime} moves only when a condition's status
 * flips, so a reconcile that changes nothing writes an equal status (and no patch).
 */
public final class Conditions {

    public static final String READY = "Ready";
    public static final String PROFILED = "Profiled";
    public static final String DEGRADED = "Degraded";
    /** On a backend profiled with a judge: False when more than 5% of its answers got no usable verdict. */
    public static final String GRADED = "Graded";

    private Conditions() {
    }

    public static List<Condition> set(List<Condition> current, String type, boolean status, String reason,
            String message, Long generation, Clock clock) {
        String s = status ? "True" : "False";
        List<Condition> out = new ArrayList<>();
        boolean found = false;
        for (Condition c : current == null ? List.<Condition>of() : current) {
            if (!type.equals(c.getType())) {
                out.add(c);
                continue;
            }
            found = true;
            String since = s.equals(c.getStatus()) && c.getLastTransitionTime() != null ? c.getLastTransitionTime() : now(clock);
            out.add(build(type, s, reason, message, generation, since));
        }
        if (!found) {
            out.add(build(type, s, reason, message, generation, now(clock)));
        }
        return out;
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** True when the condition exists and has this status and reason already (used to emit events once). */
    public static boolean is(List<Condition> conditions, String type, boolean status, String reason) {
        return find(conditions, type)
                .map(c -> (status ? "True" : "False").equals(c.getStatus()) && Objects.equals(reason, c.getReason()))
                .orElse(false);
    }

    private static Condition build(String type, String status, String reason, String message, Long generation, String since) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(since).build();
    }

    public static String now(Clock clock) {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
