package io.uniroute.sidecar.upstream;

/** Why a backend gave no usable answer; the message is safe to show (no key, no prompt). */
public final class UpstreamFailure extends RuntimeException {

    /** What went wrong; {@link #tag} is the {@code reason} of the fallback metric. */
    public enum Kind {
        CONNECT("connect_error"),
        CONNECTION("connection_failed"),
        /** The answer went quiet for longer than the idle timeout. */
        IDLE_TIMEOUT("timeout"),
        /** No first byte (for a stream: no first event) within the backend's timeout. */
        FIRST_BYTE_TIMEOUT("first_byte_timeout"),
        STATUS("5xx"),
        /**
         * 401, 403 or 407: the backend refused the router's own key for it. The client's request is
         * fine, so its answer (which may quote the key) is never relayed; the next backend is tried.
         */
        BACKEND_AUTH("backend_auth"),
        RATE_LIMITED("rate_limited"),
        /** A 2xx that is not a completion: not JSON, no {@code choices}, or a stream whose first event is not a chunk. */
        BAD_ANSWER("bad_answer"),
        /** Not called: its breaker is open or its half-open trial is taken. */
        BREAKER_OPEN("circuit_open"),
        /** Not called or cut off: the request's {@code x-uniroute-timeout-ms} passed. */
        DEADLINE("deadline");

        public final String tag;

        Kind(String tag) {
            this.tag = tag;
        }
    }

    private final String backend;
    private final Kind kind;
    private final String detail;
    private final long retryAfterMillis;

    public UpstreamFailure(String backend, Kind kind, String detail) {
        this(backend, kind, detail, 0);
    }

    public UpstreamFailure(String backend, Kind kind, String detail, long retryAfterMillis) {
        super(backend + ": " + detail, null, false, false);
        this.backend = backend;
        this.kind = kind;
        this.detail = detail;
        this.retryAfterMillis = retryAfterMillis;
    }

    public String backend() {
        return backend;
    }

    public Kind kind() {
        return kind;
    }

    /** For a 429: how long the backend asked to be left alone. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    /** {@code backend (detail)}, as the 502 message lists the backends tried. */
    public String describe() {
        return backend + " (" + detail + ")";
    }
}
