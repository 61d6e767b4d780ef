package io.uniroute.sidecar.proxy;

import io.uniroute.sidecar.upstream.Caller;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One client request from arrival to the last byte of its answer, and the one owner of "the client
 * left": the response's close handler is set here once, and whatever is in flight for the request
 * (a backend call, a cascade stage, the piped answer) registers how to cancel itself with
 * {@link #whileInFlight}. Also holds the request's id and its deadline. Used on its event loop only.
 */
public final class Exchange implements Caller {

    public static final String REQUEST_ID = "x-request-id";
    /** A request id we take from the client: printable, no spaces, not too long (it goes in logs). */
    private static final Pattern SAFE_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final String requestId;
    private final String client;
    private final long arrivedNanos = System.nanoTime();
    private long deadlineNanos = Long.MAX_VALUE;
    private MultiMap forward;
    private Runnable inFlight;
    private boolean gone;

    private Exchange(HttpServerRequest request, HttpServerResponse response, String requestId, String client) {
        this.request = request;
        this.response = response;
        this.requestId = requestId;
        this.client = client;
    }

    /**
     * Takes the client's {@code x-request-id} (or makes one), returns it on every answer, and watches the connection.
     *
     * @param client the name of the client's key ({@code none} without client authentication)
     */
    public static Exchange open(HttpServerRequest request, HttpServerResponse response, String client) {
        String given = request.getHeader(REQUEST_ID);
        String id = given != null && SAFE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        Exchange ex = new Exchange(request, response, id, client);
        response.putHeader(REQUEST_ID, id);
        response.closeHandler(v -> ex.clientLeft());
        return ex;
    }

    private void clientLeft() {
        if (response.ended() || gone) {
            return;
        }
        gone = true;
        Runnable cancel = inFlight;
        inFlight = null;
        if (cancel != null) {
            cancel.run();
        }
    }

    /** {@code cancel} runs if the client leaves before {@link #done} with the same object. */
    @Override
    public void whileInFlight(Runnable cancel) {
        inFlight = cancel;
    }

    @Override
    public void done(Runnable cancel) {
        if (inFlight == cancel) {
            inFlight = null;
        }
    }

    @Override
    public boolean gone() {
        return gone || response.closed();
    }

    @Override
    public String requestId() {
        return requestId;
    }

    /**
     * The client's end-to-end headers minus what the sidecar sets or must not pass on: its own
     * {@code x-uniroute-*}, the body's framing, the client's credentials (each backend gets its own
     * key) and {@code accept-encoding} (answers are checked, so they must not be compressed).
     */
    @Override
    public MultiMap forwardHeaders() {
        if (forward == null) {
            forward = MultiMap.caseInsensitiveMultiMap();
            HopByHop.copy(request.headers(), forward, name -> NOT_FORWARDED.contains(name) || name.startsWith("x-uniroute-"));
        }
        return forward;
    }

    private static final java.util.Set<String> NOT_FORWARDED = java.util.Set.of("host", "content-length", "content-type",
            "accept", "accept-encoding", "authorization", "cookie", "expect", REQUEST_ID);

    /** The name of the client's key, for metrics and logs (never the key). */
    public String client() {
        return client;
    }

    public HttpServerRequest request() {
        return request;
    }

    public HttpServerResponse response() {
        return response;
    }

    /** All attempts together must have an answer within this (from {@code x-uniroute-timeout-ms}). */
    public void deadlineAfter(long millis) {
        deadlineNanos = arrivedNanos + millis * 1_000_000;
    }

    public boolean hasDeadline() {
        return deadlineNanos != Long.MAX_VALUE;
    }

    /** Milliseconds left before the deadline (Long.MAX_VALUE without one; 0 or less when passed). */
    @Override
    public long remainingMillis() {
        return deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : (deadlineNanos - System.nanoTime()) / 1_000_000;
    }
}
