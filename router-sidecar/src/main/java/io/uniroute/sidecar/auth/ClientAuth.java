package io.uniroute.sidecar.auth;

import io.uniroute.sidecar.metrics.SidecarMetrics;
import io.uniroute.sidecar.proxy.OpenAiError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Guards {@code /v1/*} in front of the handlers: {@code Authorization: Bearer <key>} must be one of
 * the {@link ClientKeys}, else 401 in OpenAI's shape ({@code invalid_api_key}), never echoing what was
 * sent. The key's name goes on the routing context for metrics and logs. The header itself is never
 * forwarded upstream ({@code Exchange} drops {@code authorization}; each backend gets its own key).
 * A digest and a few comparisons: cheap enough for the event loop.
 */
public final class ClientAuth implements Handler<RoutingContext> {

    /** Routing-context key of the authenticated client's key name. */
    private static final String CLIENT = "uniroute.client";
    /** The client name when no keys are configured (sidecar mode). */
    public static final String NONE = "none";

    private final ClientKeys keys;
    private final SidecarMetrics metrics;

    public ClientAuth(ClientKeys keys, SidecarMetrics metrics) {
        this.keys = keys;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Optional<String> presented = bearer(ctx.request().getHeader("authorization"));
        Optional<String> client = presented.flatMap(keys::check);
        if (client.isPresent()) {
            ctx.put(CLIENT, client.get());
            ctx.next();
            return;
        }
        metrics.authRejected(presented.isEmpty() ? "missing" : "invalid");
        var response = ctx.response().putHeader("www-authenticate", "Bearer");
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            // The body is not read: close after the answer rather than leave it on a kept-alive connection.
            // Not in HTTP/2, where "connection" is illegal and the connection carries other clients' streams
            // (a proxy multiplexing them): there ending the response ends this stream only.
            response.putHeader("connection", "close");
            response.endHandler(v -> ctx.request().connection().close());
        }
        OpenAiError.send(response, 401, "invalid_request_error", "invalid_api_key", presented.isEmpty()
                ? "no API key given: send the gateway key as Authorization: Bearer <key>"
                : "the API key given is not one this gateway accepts");
    }

    /** The authenticated client's key name, or {@value #NONE} without authentication. */
    public static String client(RoutingContext ctx) {
        String name = ctx.get(CLIENT);
        return name == null ? NONE : name;
    }

    static Optional<String> bearer(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String h = header.strip();
        if (h.length() < 7 || !h.regionMatches(true, 0, "bearer ", 0, 7)) {
            return Optional.empty();
        }
        String key = h.substring(7).strip();
        return key.isEmpty() ? Optional.empty() : Optional.of(key);
    }
}
