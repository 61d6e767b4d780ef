package io.uniroute.sidecar.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body up to a limit, instead of a BodyHandler: the routing decision needs the
 * JSON, and the limit must fail early (413) without buffering an unbounded upload.
 */
public final class BodyReader {

    /** The body was larger than the limit. */
    public static final class TooLarge extends RuntimeException {
        TooLarge(int limit) {
            super("request body is larger than " + limit + " bytes", null, false, false);
        }
    }

    private BodyReader() {
    }

    public static Future<Buffer> read(HttpServerRequest request, int maxBytes) {
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (promise.future().isComplete()) {
                return; // over the limit already: the rest is discarded
            }
            if (body.length() + chunk.length() > maxBytes) {
                promise.tryFail(new TooLarge(maxBytes));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(promise::tryFail);
        request.endHandler(v -> promise.tryComplete(body));
        request.resume();
        return promise.future();
    }
}
