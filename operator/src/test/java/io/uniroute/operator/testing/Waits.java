package io.uniroute.operator.testing;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Optional;

/** Condition look-ups for assertions. */
public final class Waits {

    private Waits() {
    }

    public static Optional<Condition> condition(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty() : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean hasCondition(List<Condition> conditions, String type, String status, String reason) {
        return condition(conditions, type).filter(c -> status.equals(c.getStatus()) && (reason == null || reason.equals(c.getReason())))
                .isPresent();
    }
}
