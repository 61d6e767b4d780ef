package io.uniroute.sidecar.proxy;

import io.uniroute.sidecar.SidecarConfig;
import io.uniroute.sidecar.auth.ClientAuth;
import io.uniroute.sidecar.metrics.SidecarMetrics;
import io.uniroute.sidecar.routing.Decision;
import io.uniroute.sidecar.routing.PromptEmbeddings;
import io.uniroute.sidecar.routing.RouteDecider;
import io.uniroute.sidecar.table.TableRegistry;
import io.uniroute.sidecar.upstream.Answer;
import io.uniroute.sidecar.upstream.BackendBreakers;
import io.uniroute.sidecar.upstream.ClientGone;
import io.uniroute.sidecar.upstream.CoolDowns;
import io.uniroute.sidecar.upstream.Upstream;
import io.uniroute.sidecar.upstream.UpstreamFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/chat/completions} and {@code /v1/completions}, as a pipeline of small parts:
 * {@link RequestReader} (body and checks) → {@link RoutePlanner} (policy, pinned backend, or 404;
 * embedding or the overload choice) → {@link FallbackAttempts} or {@link CascadeStages} (calls via
 * {@link Upstream}) → {@link Relay} (the answer) or {@link Replies} (an error). The {@link Exchange}
 * is the one owner of the client's connection. No BodyHandler and no buffering beyond what is
 * checked: a stream is piped with back-pressure once its first event is known good.
 */
public final class CompletionsHandler {

    public static final String H_BACKEND = "x-uniroute-backend";
    public static final String H_POLICY = "x-uniroute-policy";
    public static final String H_CLUSTER = "x-uniroute-cluster";
    public static final String H_ERROR = "x-uniroute-estimated-error";
    public static final String H_STAGES = "x-uniroute-cascade-stages";

    private final RequestReader reader;
    private final RoutePlanner planner;
    private final Upstream upstream;
    private final FallbackAttempts attempts;
    private final CascadeStages cascade;
    private final Relay relay;
    private final Replies replies;

    public CompletionsHandler(Vertx vertx, TableRegistry tables, PromptEmbeddings embeddings, Upstream upstream,
            BackendBreakers breakers, CoolDowns coolDowns, SidecarMetrics metrics, SidecarConfig config) {
        this.reader = new RequestReader(vertx, config);
        this.planner = new RoutePlanner(tables, embeddings, breakers, coolDowns, metrics, config);
        this.upstream = upstream;
        this.attempts = new FallbackAttempts(upstream, metrics);
        this.cascade = new CascadeStages(upstream, metrics);
        this.relay = new Relay(metrics);
        this.replies = new Replies(metrics, coolDowns);
    }

    public void chat(RoutingContext ctx) {
        handle(ctx, true);
    }

    public void completions(RoutingContext ctx) {
        handle(ctx, false);
    }

    private void handle(RoutingContext ctx, boolean chat) {
        Exchange ex = Exchange.open(ctx.request(), ctx.response(), ClientAuth.client(ctx));
        reader.read(ex, chat).onComplete(read -> {
            if (read.failed()) {
                finishFailed(ex, read.cause());
                return;
            }
            CompletionRequest request = read.result();
            planner.plan(request)
                    .compose(plan -> dispatch(ex, request, plan))
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            relay.send(ex, request, ar.result().answer(), ar.result().headers(), ar.result().policy());
                        } else {
                            finishFailed(ex, ar.cause());
                        }
                    });
        });
    }

    /** An answer with the headers that say how it was routed. */
    private record Outcome(Answer answer, Map<String, String> headers, String policy) {
    }

    private Future<Outcome> dispatch(Exchange ex, CompletionRequest request, Plan plan) {
        if (plan.isPinned()) {
            var backend = plan.table().backend(plan.pinnedIndex());
            return upstream.call(ex, plan.table(), plan.pinnedIndex(), request.body(), request.path(), request.accept(),
                            false, true)
                    .recover(e -> Future.failedFuture(e instanceof UpstreamFailure f
                            ? new Exhausted(null, "pinned", List.of(f)) : e))
                    .map(a -> new Outcome(a, Map.of(H_BACKEND, backend.name(), H_POLICY, "pinned"), "pinned"));
        }
        Decision d = plan.decision();
        if (d.ranking().length == 0) {
            return Future.failedFuture(noCandidate(request, d));
        }
        if (d.isCascade()) {
            List<String> called = new ArrayList<>();
            return cascade.run(ex, request, d, called).map(a -> new Outcome(a, routedHeaders(d, a.backendIndex(), called),
                    d.table().policy()));
        }
        return attempts.run(ex, request, d).map(a -> new Outcome(a, routedHeaders(d, a.backendIndex(), null),
                d.table().policy()));
    }

    /** Nothing to try: the cost ceiling is below every backend (400), or all are out (429 or 502). */
    private RuntimeException noCandidate(CompletionRequest request, Decision d) {
        double cheapest = Arrays.stream(d.table().costsUsd()).min().orElse(0);
        if (request.maxCostUsd() < cheapest) {
            return new Rejection(400, "invalid_request_error", "cost_ceiling", CompletionRequest.MAX_COST + " "
                    + request.maxCostUsd() + " is below the cost of every backend (cheapest " + cheapest + ")");
        }
        return new Exhausted(d.table(), d.table().policy(), List.of());
    }

    private void finishFailed(Exchange ex, Throwable cause) {
        if (cause instanceof ClientGone || ex.gone()) {
            return; // nobody to answer
        }
        if (cause instanceof Rejection r) {
            replies.reject(ex, r);
        } else if (cause instanceof Exhausted e) {
            replies.exhausted(ex, e);
        } else {
            replies.internalError(ex, cause);
        }
    }

    private static Map<String, String> routedHeaders(Decision d, int index, List<String> cascadeStages) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(H_BACKEND, d.table().backend(index).name());
        h.put(H_POLICY, d.table().policy());
        h.put(H_CLUSTER, d.cluster() == RouteDecider.NO_CLUSTER ? "none" : String.valueOf(d.cluster()));
        h.put(H_ERROR, String.format(Locale.ROOT, "%.4f", d.errors()[index]));
        if (cascadeStages != null) {
            h.put(H_STAGES, String.join(",", cascadeStages));
        }
        return h;
    }
}
