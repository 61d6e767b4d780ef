package io.uniroute.sidecar.upstream;

/** What a backend call needs of the client's request: whether it is still there, its deadline, its id. */
public interface Caller {

    boolean gone();

    /** Milliseconds left before the request's deadline (Long.MAX_VALUE without one). */
    long remainingMillis();

    /** {@code cancel} runs if the client leaves before {@link #done} is called with it. */
    void whileInFlight(Runnable cancel);

    void done(Runnable cancel);

    String requestId();

    /** The client's headers to pass on to the backend (end-to-end ones, not the sidecar's own). */
    io.vertx.core.MultiMap forwardHeaders();
}
