package io.uniroute.operator.publishing;

import io.uniroute.operator.api.RoutingPolicySpec;
import java.util.Optional;

/** The operator's own policy spec check, for tests outside this package: the reason and message it would report. */
public final class PolicyChecks {

    private PolicyChecks() {
    }

    public static Optional<String[]> problem(RoutingPolicySpec spec) {
        try {
            PolicySpecCheck.check(spec);
            return Optional.empty();
        } catch (PolicyNotReady e) {
            return Optional.of(new String[] {e.reason(), e.getMessage()});
        }
    }
}
