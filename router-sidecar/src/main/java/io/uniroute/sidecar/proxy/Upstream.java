package io.uniroute.sidecar.proxy;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.SidecarConfig;
import io.uniroute.sidecar.metrics.SidecarMetrics;
import io.uniroute.sidecar.table.LoadedTable;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * Sends one request to one backend: the model rewritten to the backend's, its API key added.
 * Succeeds with the response (status below 500; its body not yet read, so the caller can pipe it),
 * or fails with an {@link UpstreamFailure} on a connect error, a timeout or a 5xx — the failures
 * that fall back to the next-best backend and count against its circuit breaker.
 */
public final class Upstream {

    /** Why a backend did not answer; the message is safe to show (no key, no prompt). */
    public static final class UpstreamFailure extends RuntimeException {
        private final String backend;
        private final String reason;

        UpstreamFailure(String backend, String reason) {
            super(backend + ": " + reason, null, false, false);
            this.backend = backend;
            this.reason = reason;
        }

        public String backend() {
            return backend;
        }

        public String reason() {
            return reason;
        }
    }

    /** The client disconnected, so the call was not made or was reset: nothing to fall back to. */
    public static final class ClientGone extends RuntimeException {
        ClientGone(String backend) {
            super("client disconnected before " + backend + " answered", null, false, false);
        }
    }

    private final HttpClient client;
    private final SidecarConfig config;
    private final CircuitBreakers breakers;
    private final SidecarMetrics metrics;

    public Upstream(HttpClient client, SidecarConfig config, CircuitBreakers breakers, SidecarMetrics metrics) {
        this.client = client;
        this.config = config;
        this.breakers = breakers;
        this.metrics = metrics;
    }

    /**
     * @param path  {@code /chat/completions} or {@code /completions}
     * @param probe a non-final cascade stage: not streamed, logprobs requested
     */
    public Future<HttpClientResponse> call(HttpServerResponse caller, LoadedTable table, int index, JsonObject request,
            String path, boolean probe, String accept) {
        RoutingTable.Backend backend = table.backend(index);
        JsonObject body = request.copy().put("model", backend.model());
        if (probe) {
            body.put("stream", false).remove("stream_options");
            body.put("logprobs", path.startsWith("/chat") ? (Object) Boolean.TRUE : (Object) 1);
        }
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url(backend.endpoint(), path))
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setIdleTimeout(config.upstreamIdleTimeout().toMillis())
                .putHeader("content-type", "application/json")
                .putHeader("accept", probe || accept == null ? "application/json" : accept);
        String key = table.keys().get(backend.name());
        if (key != null) {
            options.putHeader("authorization", "Bearer " + key);
        }
        String name = backend.name();
        int threshold = table.table().fallback() == null ? 5 : Math.max(1, table.table().fallback().failureThreshold());
        long openMillis = table.table().fallback() == null ? 30_000 : table.table().fallback().openMillis();
        if (caller.closed()) {
            return Future.failedFuture(new ClientGone(name));
        }
        breakers.using(name);
        long start = System.nanoTime();
        // The client may leave while the backend is still thinking (no byte written yet, so no write
        // fails): reset the backend's request then, so it stops generating and billing for nobody.
        // The handler runs on this verticle's event loop, as do the callbacks below; the pipe of an
        // answer replaces it with its own.
        boolean[] answered = {false};
        return client.request(options)
                .compose(req -> {
                    if (caller.closed()) {
                        req.reset();
                        return Future.failedFuture(new ClientGone(name));
                    }
                    caller.closeHandler(v -> {
                        if (!answered[0]) {
                            answered[0] = true;
                            req.reset();
                            metrics.upstreamCancelled(name, "waiting");
                        }
                    });
                    return req.send(body.toBuffer());
                })
                .transform(ar -> {
                    if (caller.closed()) {
                        answered[0] = true;
                        if (ar.succeeded()) {
                            ar.result().request().reset();
                        }
                        return Future.failedFuture(new ClientGone(name)); // not the backend's fault: no breaker count
                    }
                    answered[0] = true;
                    if (ar.failed()) {
                        breakers.failure(name, threshold, openMillis);
                        return Future.failedFuture(new UpstreamFailure(name, reason(ar.cause())));
                    }
                    HttpClientResponse resp = ar.result();
                    metrics.upstreamNanos(name, System.nanoTime() - start);
                    if (resp.statusCode() >= 500) {
                        resp.body(); // drain, so the connection goes back to the pool
                        breakers.failure(name, threshold, openMillis);
                        return Future.failedFuture(new UpstreamFailure(name, "status " + resp.statusCode()));
                    }
                    breakers.success(name);
                    return Future.succeededFuture(resp);
                });
    }

    /**
     * The OpenAI convention, as the operator's profiling client applies it: an endpoint is a base
     * URL such as {@code https://api.openai.com/v1} and the operation's path is appended. The same
     * rule on both sides, so the endpoint that was profiled is the endpoint that is routed to.
     */
    static String url(String endpoint, String path) {
        return (endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint) + path;
    }

    private static String reason(Throwable t) {
        if (t instanceof ConnectException || t.getClass().getSimpleName().contains("Connect")) {
            return "connect error";
        }
        if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")
                || String.valueOf(t.getMessage()).toLowerCase().contains("timeout")) {
            return "timeout";
        }
        return "connection failed";
    }
}
