package io.uniroute.sidecar.proxy;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** Errors in OpenAI's shape, {@code {"error": {"message", "type", "param", "code"}}}, so clients' SDKs read them. */
public final class OpenAiError {

    private OpenAiError() {
    }

    public static void send(HttpServerResponse response, int status, String type, String code, String message) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return; // a failure after the answer started cannot become an error body
        }
        JsonObject error = new JsonObject().put("message", message).put("type", type).putNull("param").put("code", code);
        response.setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", error).encode());
    }

    public static void badRequest(HttpServerResponse r, String code, String message) {
        send(r, 400, "invalid_request_error", code, message);
    }
}
