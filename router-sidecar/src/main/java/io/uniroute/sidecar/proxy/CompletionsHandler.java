package io.uniroute.sidecar.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.uniroute.core.cascade.CascadePlan;
import io.uniroute.core.cascade.LogprobConfidence;
import io.uniroute.core.embedding.CachingEmbedder;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.sidecar.SidecarConfig;
import io.uniroute.sidecar.metrics.SidecarMetrics;
import io.uniroute.sidecar.proxy.Upstream.ClientGone;
import io.uniroute.sidecar.proxy.Upstream.UpstreamFailure;
import io.uniroute.sidecar.routing.Decision;
import io.uniroute.sidecar.routing.PromptText;
import io.uniroute.sidecar.routing.RouteDecider;
import io.uniroute.sidecar.table.LoadedTable;
import io.uniroute.sidecar.table.TableRegistry;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions} and {@code /v1/completions}: read and check the body, route
 * (policy or {@code auto}) or pin (a backend's name), forward, and pipe the answer back. No
 * BodyHandler and no buffering of answers: the upstream response is piped with back-pressure, so
 * SSE chunks pass as they come. Only non-final cascade stages are read whole (their logprobs decide).
 */
public final class CompletionsHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionsHandler.class);
    public static final String H_BACKEND = "x-uniroute-backend";
    public static final String H_POLICY = "x-uniroute-policy";
    public static final String H_CLUSTER = "x-uniroute-cluster";
    public static final String H_ERROR = "x-uniroute-estimated-error";
    public static final String H_STAGES = "x-uniroute-cascade-stages";
    private static final int DEFAULT_MAX_ATTEMPTS = 3;

    private final TableRegistry tables;
    private final Embedder embedder;
    private final WorkerExecutor workers;
    private final Upstream upstream;
    private final CircuitBreakers breakers;
    private final SidecarMetrics metrics;
    private final SidecarConfig config;
    private final ObjectMapper mapper = new ObjectMapper();

    public CompletionsHandler(TableRegistry tables, Embedder embedder, WorkerExecutor workers, Upstream upstream,
            CircuitBreakers breakers, SidecarMetrics metrics, SidecarConfig config) {
        this.tables = tables;
        this.embedder = embedder;
        this.workers = workers;
        this.upstream = upstream;
        this.breakers = breakers;
        this.metrics = metrics;
        this.config = config;
    }

    public void chat(RoutingContext ctx) {
        handle(ctx, true);
    }

    public void completions(RoutingContext ctx) {
        handle(ctx, false);
    }

    private void handle(RoutingContext ctx, boolean chat) {
        HttpServerResponse response = ctx.response();
        String length = ctx.request().getHeader("content-length");
        if (length != null && parseLong(length) > config.maxBodyBytes()) {
            closeAfter(ctx, response);
            tooLarge(response);
            return;
        }
        // A stalled upload gets the same idle allowance as a backend, then 408 and a closed connection.
        BodyReader.read(ctx.vertx(), ctx.request(), config.maxBodyBytes(), config.upstreamIdleTimeout().toMillis())
                .onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof BodyReader.TooLarge) {
                    closeAfter(ctx, response);
                    tooLarge(response);
                } else if (ar.cause() instanceof BodyReader.TooSlow slow) {
                    closeAfter(ctx, response);
                    reject(response, 408, "invalid_request_error", "request_timeout", slow.getMessage());
                } else {
                    ctx.request().connection().close();
                }
                return;
            }
            try {
                afterBody(ctx, chat, response, ar.result());
            } catch (RuntimeException e) { // a bug must not leave the client waiting
                LOG.error("request handling failed", e);
                reject(response, 500, "server_error", "internal_error", "the sidecar failed on this request; see its log");
            }
        });
    }

    private void afterBody(RoutingContext ctx, boolean chat, HttpServerResponse response, Buffer raw) {
        TableRegistry.Snapshot snapshot = tables.snapshot();
        if (snapshot.isEmpty()) {
            reject(response, 503, "service_unavailable", "no_routing_table",
                    "no routing table loaded yet: the sidecar is waiting for its ConfigMap or table file");
            return;
        }
        CompletionRequest request;
        try {
            request = CompletionRequest.parse(chat, raw, ctx.request());
        } catch (CompletionRequest.BadRequest e) {
            reject(response, 400, "invalid_request_error", e.code(), e.getMessage());
            return;
        }
        var policy = snapshot.policy(request.model());
        if (policy.isPresent()) {
            route(response, request, policy.get());
            return;
        }
        var pinned = snapshot.backend(request.model());
        if (pinned.isPresent()) {
            pin(response, request, pinned.get().getKey(), pinned.get().getValue());
            return;
        }
        reject(response, 404, "invalid_request_error", "model_not_found", "model '" + request.model()
                + "' is neither a routing policy, 'auto', nor a backend; GET /v1/models lists them");
    }

    // ---- pinned: the named backend only, no fallback ----

    private void pin(HttpServerResponse response, CompletionRequest request, LoadedTable table, int index) {
        var backend = table.backend(index);
        if (backend.costPerQueryUsd() > request.maxCostUsd()) {
            reject(response, 400, "invalid_request_error", "cost_ceiling",
                    "backend " + backend.name() + " costs more than " + CompletionRequest.MAX_COST);
            return;
        }
        Map<String, String> headers = Map.of(H_BACKEND, backend.name(), H_POLICY, "pinned");
        upstream.call(response, table, index, request.body(), request.path(), false, request.accept())
                .onSuccess(resp -> {
                    metrics.estimatedCost("pinned", backend.name(), backend.costPerQueryUsd());
                    pipe(response, resp, headers, "pinned", backend.name());
                })
                .onFailure(e -> {
                    if (!(e instanceof ClientGone)) {
                        allFailed(response, "pinned", List.of(describe(e)));
                    }
                });
    }

    // ---- routed: embed, decide, forward with fallback or cascade ----

    private void route(HttpServerResponse response, CompletionRequest request, LoadedTable table) {
        String text = request.chat()
                ? PromptText.ofChat(request.body().getJsonArray("messages"), config.embedText())
                : PromptText.ofCompletion(request.body().getValue("prompt"));
        double lambda = request.costWeight().orElse(table.table().costWeight());
        Set<String> open = breakers.open();
        long start = System.nanoTime();
        // A cache hit is decided right here: a hash lookup and K×D multiply-adds, microseconds.
        // Only a new prompt goes to a worker thread, since embedding it takes milliseconds.
        var hit = embedder instanceof CachingEmbedder c ? c.cached(text) : java.util.Optional.<float[]>empty();
        if (hit.isPresent()) {
            metrics.embeddingNanos(System.nanoTime() - start);
            Decision d;
            try {
                d = RouteDecider.decide(table, hit.get(), lambda, request.maxCostUsd(), open);
            } catch (RuntimeException e) {
                LOG.error("routing decision failed for policy {}", table.policy(), e);
                reject(response, 500, "server_error", "routing_failed", "the routing decision failed; see the sidecar's log");
                return;
            }
            dispatch(response, request, table, d, start);
            return;
        }
        workers.<Decision>executeBlocking(() -> {
            long e0 = System.nanoTime();
            float[] embedding = embedder.embed(text);
            metrics.embeddingNanos(System.nanoTime() - e0);
            return RouteDecider.decide(table, embedding, lambda, request.maxCostUsd(), open);
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("routing decision failed for policy {}", table.policy(), ar.cause());
                reject(response, 500, "server_error", "routing_failed", "the routing decision failed; see the sidecar's log");
                return;
            }
            dispatch(response, request, table, ar.result(), start);
        });
    }

    private void dispatch(HttpServerResponse response, CompletionRequest request, LoadedTable table, Decision d,
            long start) {
        metrics.decisionNanos(System.nanoTime() - start);
        if (d.ranking().length == 0) {
            noCandidate(response, request, table);
        } else if (d.isCascade()) {
            cascade(response, request, d, 0, new ArrayList<>(), new ArrayList<>(), null);
        } else {
            int maxAttempts = table.table().fallback() == null ? DEFAULT_MAX_ATTEMPTS : table.table().fallback().maxAttempts();
            ranked(response, request, d, 0, maxAttempts, new ArrayList<>());
        }
    }

    private void noCandidate(HttpServerResponse response, CompletionRequest request, LoadedTable table) {
        double cheapest = java.util.Arrays.stream(table.costsUsd()).min().orElse(0);
        if (request.maxCostUsd() < cheapest) {
            reject(response, 400, "invalid_request_error", "cost_ceiling", CompletionRequest.MAX_COST + " "
                    + request.maxCostUsd() + " is below the cost of every backend (cheapest " + cheapest + ")");
        } else {
            allFailed(response, table.policy(), List.of("every affordable backend's circuit breaker is open"));
        }
    }

    /** Tries the ranking in order: the next-best by the same score after each failure, bounded. */
    private void ranked(HttpServerResponse response, CompletionRequest request, Decision d, int position,
            int maxAttempts, List<String> tried) {
        String policy = d.table().policy();
        if (position >= d.ranking().length || tried.size() >= maxAttempts) {
            allFailed(response, policy, tried);
            return;
        }
        int index = d.ranking()[position];
        var backend = d.table().backend(index);
        if (position > 0 && breakers.open().contains(backend.name())) {
            ranked(response, request, d, position + 1, maxAttempts, tried);
            return;
        }
        upstream.call(response, d.table(), index, request.body(), request.path(), false, request.accept())
                .onSuccess(resp -> {
                    metrics.estimatedCost(policy, backend.name(), backend.costPerQueryUsd());
                    pipe(response, resp, routedHeaders(d, index, null), policy, backend.name());
                })
                .onFailure(e -> {
                    if (e instanceof ClientGone) {
                        return;
                    }
                    tried.add(describe(e));
                    metrics.fallback(backend.name(), reasonTag(e));
                    ranked(response, request, d, position + 1, maxAttempts, tried);
                });
    }

    /**
     * Runs stage {@code position} of the plan. Non-final stages are asked without streaming and with
     * logprobs; a confident answer is returned, an unsure or failed one escalates. The final stage is
     * forwarded like any routed call (streamed when asked). When the final stage fails, the last
     * unsure answer is better than a 502, so it is returned.
     */
    private void cascade(HttpServerResponse response, CompletionRequest request, Decision d, int position,
            List<String> called, List<String> failed, Kept kept) {
        CascadePlan plan = d.plan();
        String policy = d.table().policy();
        if (position >= plan.stages().size()) {
            if (kept != null) {
                sendKept(response, request, d, kept, called);
            } else {
                allFailed(response, policy, failed);
            }
            return;
        }
        CascadePlan.Stage stage = plan.stages().get(position);
        var backend = d.table().backend(stage.backendIndex());
        boolean last = plan.isFinal(position);
        called.add(backend.name());
        if (last) {
            upstream.call(response, d.table(), stage.backendIndex(), request.body(), request.path(), false, request.accept())
                    .onSuccess(resp -> {
                        metrics.estimatedCost(policy, backend.name(), backend.costPerQueryUsd());
                        pipe(response, resp, routedHeaders(d, stage.backendIndex(), called), policy, backend.name());
                    })
                    .onFailure(e -> {
                        if (e instanceof ClientGone) {
                            return;
                        }
                        failed.add(describe(e));
                        cascade(response, request, d, position + 1, called, failed, kept);
                    });
            return;
        }
        upstream.call(response, d.table(), stage.backendIndex(), request.body(), request.path(), true, null)
                .compose(resp -> resp.body().map(body -> new Kept(stage.backendIndex(), resp.statusCode(), body)))
                .onComplete(ar -> {
                    if (ar.failed() && ar.cause() instanceof ClientGone) {
                        return;
                    }
                    if (ar.failed()) {
                        failed.add(describe(ar.cause()));
                        metrics.fallback(backend.name(), reasonTag(ar.cause()));
                        cascade(response, request, d, position + 1, called, failed, kept);
                        return;
                    }
                    metrics.estimatedCost(policy, backend.name(), backend.costPerQueryUsd());
                    Kept answer = ar.result();
                    boolean usable = false;
                    boolean confident = false;
                    if (answer.status() < 300) {
                        try {
                            var json = mapper.readTree(answer.body().getBytes());
                            usable = json != null && json.isObject();
                            confident = usable && LogprobConfidence.confident(json,
                                    d.table().table().cascade().minMeanLogprob());
                        } catch (java.io.IOException e) {
                            usable = false; // not an OpenAI answer: escalate, and never return it
                        }
                    }
                    if (confident) {
                        sendKept(response, request, d, answer, called);
                    } else {
                        metrics.escalation(policy, backend.name());
                        cascade(response, request, d, position + 1, called, failed, usable ? answer : kept);
                    }
                });
    }

    /** A stage's whole answer, read because its logprobs decided. */
    private record Kept(int index, int status, Buffer body) {
    }

    private void sendKept(HttpServerResponse response, CompletionRequest request, Decision d, Kept kept,
            List<String> called) {
        String backend = d.table().backend(kept.index()).name();
        routedHeaders(d, kept.index(), called).forEach(response::putHeader);
        metrics.request(d.table().policy(), backend, "ok");
        response.setStatusCode(kept.status());
        if (request.stream()) {
            response.putHeader("content-type", "text/event-stream")
                    .end(SseFromCompletion.convert(new JsonObject(kept.body()), request.chat()));
        } else {
            response.putHeader("content-type", "application/json").end(kept.body());
        }
    }

    private Map<String, String> routedHeaders(Decision d, int index, List<String> cascadeStages) {
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put(H_BACKEND, d.table().backend(index).name());
        h.put(H_POLICY, d.table().policy());
        h.put(H_CLUSTER, String.valueOf(d.cluster()));
        h.put(H_ERROR, String.format(Locale.ROOT, "%.4f", d.errors()[index]));
        if (cascadeStages != null) {
            h.put(H_STAGES, String.join(",", cascadeStages));
        }
        return h;
    }

    /** Headers, then the body piped chunk by chunk; the pipe pauses the backend when the client is slow. */
    private void pipe(HttpServerResponse response, HttpClientResponse upstreamResponse, Map<String, String> headers,
            String policy, String backend) {
        response.setStatusCode(upstreamResponse.statusCode());
        String type = upstreamResponse.getHeader("content-type");
        if (type != null) {
            response.putHeader("content-type", type);
        }
        String length = upstreamResponse.getHeader("content-length");
        if (length != null) {
            response.putHeader("content-length", length);
        } else {
            response.setChunked(true);
        }
        headers.forEach(response::putHeader);
        metrics.request(policy, backend, upstreamResponse.statusCode() < 400 ? "ok" : "upstream_error");
        // The client left (maybe while the backend was quiet, so no write failed yet): stop the backend
        // generating, and billing, for nobody. Both callbacks run on this verticle's event loop.
        boolean[] piped = {false};
        response.closeHandler(v -> {
            if (!piped[0]) {
                piped[0] = true;
                upstreamResponse.request().reset();
                metrics.upstreamCancelled(backend, "streaming");
            }
        });
        // Not ended on failure: a stream cut short must look cut short to the client, not complete.
        upstreamResponse.pipe().endOnFailure(false).to(response).onComplete(ar -> {
            piped[0] = true;
            if (ar.failed()) {
                LOG.debug("answer from {} cut short: {}", backend, ar.cause().toString());
                upstreamResponse.request().reset();
                if (!response.ended()) {
                    response.reset();
                }
            }
        });
    }

    private void allFailed(HttpServerResponse response, String policy, List<String> tried) {
        metrics.request(policy, "none", "failed");
        reject(response, 502, "upstream_error", "all_backends_failed",
                "every backend tried failed: " + (tried.isEmpty() ? "none could be tried" : String.join("; ", tried)));
    }

    private void reject(HttpServerResponse response, int status, String type, String code, String message) {
        if (status != 502) {
            metrics.request("none", "none", "rejected");
        }
        OpenAiError.send(response, status, type, code, message);
    }

    /** The rest of the request will not be read: answer, then close the connection. */
    private static void closeAfter(RoutingContext ctx, HttpServerResponse response) {
        response.putHeader("connection", "close");
        response.endHandler(v -> ctx.request().connection().close());
    }

    private void tooLarge(HttpServerResponse response) {
        reject(response, 413, "invalid_request_error", "request_too_large",
                "request body is larger than " + config.maxBodyBytes() + " bytes");
    }

    private static String describe(Throwable e) {
        return e instanceof UpstreamFailure f ? f.backend() + " (" + f.reason() + ")" : "unknown (" + e.getClass().getSimpleName() + ")";
    }

    private static String reasonTag(Throwable e) {
        if (e instanceof UpstreamFailure f) {
            return f.reason().startsWith("status") ? "5xx" : f.reason().replace(' ', '_');
        }
        return "other";
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
