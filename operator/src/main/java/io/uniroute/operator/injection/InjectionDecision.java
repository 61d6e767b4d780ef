package io.uniroute.operator.injection;

import java.util.List;

/** What the injector decided for one pod: leave it, refuse it (with a message a person can act on), or patch it. */
public sealed interface InjectionDecision {

    /** The pod is admitted as it is (not asking for a sidecar, or already has one). */
    record Skip(String reason) implements InjectionDecision {
    }

    /** The pod asks for a sidecar but cannot get one as written; the message says what to change. */
    record Refuse(String message) implements InjectionDecision {
    }

    /** The JSON Patch adding the sidecar; {@code warnings} go back to the user (kubectl prints them). */
    record Patch(List<JsonPatchOp> operations, List<String> warnings) implements InjectionDecision {
        public Patch {
            operations = List.copyOf(operations);
            warnings = List.copyOf(warnings);
        }
    }
}
