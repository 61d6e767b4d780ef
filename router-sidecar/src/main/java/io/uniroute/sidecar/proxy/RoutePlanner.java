package io.uniroute.sidecar.proxy;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.SidecarConfig;
import io.uniroute.sidecar.metrics.SidecarMetrics;
import io.uniroute.sidecar.routing.Decision;
import io.uniroute.sidecar.routing.PromptEmbeddings;
import io.uniroute.sidecar.routing.PromptText;
import io.uniroute.sidecar.routing.RouteDecider;
import io.uniroute.sidecar.table.LoadedTable;
import io.uniroute.sidecar.table.TableRegistry;
import io.uniroute.sidecar.upstream.BackendBreakers;
import io.uniroute.sidecar.upstream.CoolDowns;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns a checked request into a {@link Plan}: the model names a policy (routed), or a backend
 * (pinned), or nothing (404). Routing embeds the prompt — a cached embedding is used on the event
 * loop, a new one is computed on a worker — or, when the embedder is overloaded, uses the policy's
 * prompt-independent choice. Backends cooling down after a 429 or with an open breaker go to the end
 * of a ranking (last resorts) and are left out of a cascade's plan.
 */
final class RoutePlanner {

    private final TableRegistry tables;
    private final PromptEmbeddings embeddings;
    private final BackendBreakers breakers;
    private final CoolDowns coolDowns;
    private final SidecarMetrics metrics;
    private final SidecarConfig config;

    RoutePlanner(TableRegistry tables, PromptEmbeddings embeddings, BackendBreakers breakers, CoolDowns coolDowns,
            SidecarMetrics metrics, SidecarConfig config) {
        this.tables = tables;
        this.embeddings = embeddings;
        this.breakers = breakers;
        this.coolDowns = coolDowns;
        this.metrics = metrics;
        this.config = config;
    }

    Future<Plan> plan(CompletionRequest request) {
        TableRegistry.Snapshot snapshot = tables.snapshot();
        if (snapshot.isEmpty()) {
            return Future.failedFuture(new Rejection(503, "service_unavailable", "no_routing_table",
                    "no routing table loaded yet: the sidecar is waiting for its ConfigMap or table file"));
        }
        var policy = snapshot.policy(request.model());
        if (policy.isPresent()) {
            return route(request, policy.get());
        }
        var pinned = snapshot.backend(request.model());
        if (pinned.isPresent()) {
            LoadedTable table = pinned.get().getKey();
            var backend = table.backend(pinned.get().getValue());
            if (backend.costPerQueryUsd() > request.maxCostUsd()) {
                return Future.failedFuture(new Rejection(400, "invalid_request_error", "cost_ceiling",
                        "backend " + backend.name() + " costs more than " + CompletionRequest.MAX_COST));
            }
            return Future.succeededFuture(Plan.pinned(table, pinned.get().getValue()));
        }
        return Future.failedFuture(new Rejection(404, "invalid_request_error", "model_not_found", "model '"
                + request.model() + "' is neither a routing policy, 'auto', nor a backend; GET /v1/models lists them"));
    }

    private Future<Plan> route(CompletionRequest request, LoadedTable table) {
        // without the table's shared template, as the operator embedded its prompts; the embedding cache is
        // keyed by this stripped text (the one embedder of this sidecar), so two templates never share a vector wrongly
        var prompt = PromptEmbeddings.Prompt.of(table.embeddingText(request.chat()
                ? PromptText.ofChat(request.body().getJsonArray("messages"), config.embedText())
                : PromptText.ofCompletion(request.body().getValue("prompt"))));
        double lambda = request.costWeight().orElse(table.table().costWeight());
        boolean cascade = RoutingTable.STRATEGY_CASCADE.equals(table.table().strategy());
        long start = System.nanoTime();
        // A cache hit is decided right here: one hash, a lookup and K×D multiply-adds, microseconds.
        var hit = embeddings.cached(prompt);
        if (hit.isPresent()) {
            metrics.embeddingNanos(System.nanoTime() - start);
            return Future.succeededFuture(decided(RouteDecider.decide(table, hit.get(), lambda, request.maxCostUsd(),
                    unavailable(cascade)), start));
        }
        return Future.fromCompletionStage(embeddings.embed(prompt), Vertx.currentContext()).map(lookup -> {
            if (lookup.found()) {
                metrics.embeddingNanos(System.nanoTime() - start);
                return decided(RouteDecider.decide(table, lookup.embedding(), lambda, request.maxCostUsd(), unavailable(cascade)),
                        start);
            }
            metrics.unembedded(table.policy(), lookup.missing());
            return decided(RouteDecider.decideWithoutPrompt(table, lambda, request.maxCostUsd(), unavailable(cascade)), start);
        });
    }

    private Plan decided(Decision d, long start) {
        metrics.decisionNanos(System.nanoTime() - start);
        return Plan.routed(d.isCascade() ? d : lastResorts(d, coolDowns.active(), breakers.open()));
    }

    /**
     * A cascade plans around backends that are out; a ranking keeps them, at its end — first those
     * cooling down after a 429, then those whose breaker is open: called only when every other
     * candidate has failed this request, so a request does not fail while a backend is left.
     */
    private static Decision lastResorts(Decision d, Set<String> cooling, Set<String> open) {
        if (cooling.isEmpty() && open.isEmpty()) {
            return d;
        }
        java.util.function.ToIntFunction<Integer> tier = i -> {
            String name = d.table().backend(i).name();
            return open.contains(name) ? 2 : cooling.contains(name) ? 1 : 0;
        };
        int[] order = Arrays.stream(d.ranking()).boxed()
                .sorted(java.util.Comparator.comparingInt(tier)) // stable: the score order within a tier
                .mapToInt(Integer::intValue).toArray();
        return new Decision(d.table(), d.cluster(), d.errors(), d.lambda(), order, d.plan());
    }

    /** Left out of a cascade's plan: open breakers and backends cooling down (a ranking only reorders them). */
    private Set<String> unavailable(boolean cascade) {
        if (!cascade) {
            return Set.of();
        }
        Set<String> open = breakers.open();
        Set<String> cooling = coolDowns.active();
        if (cooling.isEmpty()) {
            return open;
        }
        Set<String> all = new HashSet<>(open);
        all.addAll(cooling);
        return all;
    }
}
