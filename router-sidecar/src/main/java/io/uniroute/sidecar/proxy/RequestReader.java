package io.uniroute.sidecar.proxy;

import io.uniroute.sidecar.SidecarConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Reads and checks a completion request: the body within its size and time limits, the JSON and
 * the {@code x-uniroute-*} headers. Fails with a {@link Rejection} saying what the client gets.
 */
final class RequestReader {

    private final Vertx vertx;
    private final SidecarConfig config;

    RequestReader(Vertx vertx, SidecarConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    Future<CompletionRequest> read(Exchange ex, boolean chat) {
        String length = ex.request().getHeader("content-length");
        if (length != null && parseLong(length) > config.maxBodyBytes()) {
            return Future.failedFuture(tooLarge());
        }
        // A stalled upload gets the same idle allowance as a backend, then 408 and a closed connection.
        return BodyReader.read(vertx, ex.request(), config.maxBodyBytes(),
                        config.upstreamIdleTimeout().toMillis())
                .transform(ar -> {
                    if (ar.failed()) {
                        if (ar.cause() instanceof BodyReader.TooLarge) {
                            return Future.failedFuture(tooLarge());
                        }
                        if (ar.cause() instanceof BodyReader.TooSlow slow) {
                            return Future.failedFuture(new Rejection(408, "invalid_request_error", "request_timeout",
                                    slow.getMessage(), true));
                        }
                        return Future.failedFuture(Rejection.dropConnection());
                    }
                    try {
                        CompletionRequest request = CompletionRequest.parse(chat, ar.result(), ex.request());
                        request.timeoutMillis().ifPresent(ex::deadlineAfter);
                        return Future.succeededFuture(request);
                    } catch (CompletionRequest.BadRequest e) {
                        return Future.failedFuture(new Rejection(400, "invalid_request_error", e.code(), e.getMessage()));
                    }
                });
    }

    private Rejection tooLarge() {
        return new Rejection(413, "invalid_request_error", "request_too_large",
                "request body is larger than " + config.maxBodyBytes() + " bytes", true);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
