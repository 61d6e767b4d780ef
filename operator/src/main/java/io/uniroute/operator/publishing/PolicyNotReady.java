package io.uniroute.operator.publishing;

import java.util.List;

/** A policy that cannot be published yet; {@link #reason()} is its Ready=False reason, the message says what to fix. */
final class PolicyNotReady extends Exception {

    private final String reason;
    private final List<String> routable;
    private final List<String> pending;

    PolicyNotReady(String reason, String message) {
        this(reason, message, List.of(), List.of());
    }

    PolicyNotReady(String reason, String message, List<String> routable, List<String> pending) {
        super(message, null, false, false);
        this.reason = reason;
        this.routable = routable;
        this.pending = pending;
    }

    String reason() {
        return reason;
    }

    List<String> routable() {
        return routable;
    }

    List<String> pending() {
        return pending;
    }
}
