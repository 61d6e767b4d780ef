package io.uniroute.operator.profiling;

/**
 * A chat completion that did not produce a gradable answer. {@link #reason()} becomes the
 * Profiled=False condition reason; the message says what happened and what to check. Neither
 * ever holds the API key or the response body.
 */
public final class CallFailure extends Exception {

    public enum Kind { HTTP_STATUS, TIMEOUT, CONNECT, INVALID_RESPONSE }

    private final Kind kind;
    private final int status;
    private final boolean judge;

    public CallFailure(Kind kind, int status, String message) {
        this(kind, status, message, false);
    }

    /** {@code judge}: the failing call was to a PromptSet's judge, not to the backend being profiled. */
    public CallFailure(Kind kind, int status, String message, boolean judge) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.judge = judge;
    }

    public boolean judge() {
        return judge;
    }

    /** The same failure, as the judge's. */
    public CallFailure asJudge(String judgeName) {
        return new CallFailure(kind, status, "judge " + judgeName + ": " + getMessage(), true);
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    /** 429, 5xx, timeouts, refused connections and unreadable bodies may pass; other 4xx will not. */
    public boolean retryable() {
        return switch (kind) {
            case HTTP_STATUS -> status == 429 || status >= 500;
            case TIMEOUT, CONNECT, INVALID_RESPONSE -> true;
        };
    }

    public String reason() {
        String r = backendReason();
        return judge ? "Judge" + r.substring("Backend".length()) : r;
    }

    private String backendReason() {
        return switch (kind) {
            case HTTP_STATUS -> status == 401 || status == 403 ? "BackendUnauthorized"
                    : status == 404 ? "BackendNotFound"
                    : status == 429 ? "BackendRateLimited" : "BackendHttpError";
            case TIMEOUT -> "BackendTimeout";
            case CONNECT -> "BackendUnreachable";
            case INVALID_RESPONSE -> "BackendInvalidResponse";
        };
    }

    /** A lower-case metric tag. */
    public String outcome() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
