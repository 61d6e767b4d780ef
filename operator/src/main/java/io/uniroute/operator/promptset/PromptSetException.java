package io.uniroute.operator.promptset;

/** A prompt set that cannot be used; {@code reason} is the condition reason, the message says what to fix. */
public class PromptSetException extends Exception {

    private final String reason;

    public PromptSetException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
