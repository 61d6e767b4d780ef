package io.uniroute.sidecar.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.uniroute.core.cascade.CascadePlan;
import io.uniroute.core.cascade.LogprobConfidence;
import io.uniroute.sidecar.metrics.SidecarMetrics;
import io.uniroute.sidecar.routing.Decision;
import io.uniroute.sidecar.upstream.Answer;
import io.uniroute.sidecar.upstream.ClientGone;
import io.uniroute.sidecar.upstream.Upstream;
import io.uniroute.sidecar.upstream.UpstreamFailure;
import io.vertx.core.Future;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A cascade's stages in order. Every stage but the last is asked without streaming and with
 * logprobs and read whole; a confident answer is the answer, an unsure or failed one escalates. The
 * last stage is forwarded like a routed call (streamed when asked). When it fails, the last unsure
 * answer beats a 502. A client who leaves cancels the stage in flight (the call's cancel is
 * registered with the {@link Exchange} until its answer is read) and no further stage is called.
 */
final class CascadeStages {

    private final Upstream upstream;
    private final SidecarMetrics metrics;
    private final ObjectMapper mapper = new ObjectMapper();

    CascadeStages(Upstream upstream, SidecarMetrics metrics) {
        this.upstream = upstream;
        this.metrics = metrics;
    }

    /** @param called filled with the stages' backends as they are called (the answer's header) */
    Future<Answer> run(Exchange ex, CompletionRequest request, Decision d, List<String> called) {
        return stage(ex, request, d, 0, called, new ArrayList<>(), null);
    }

    private Future<Answer> stage(Exchange ex, CompletionRequest request, Decision d, int position, List<String> called,
            List<UpstreamFailure> failures, Answer kept) {
        CascadePlan plan = d.plan();
        String policy = d.table().policy();
        if (position >= plan.stages().size()) {
            return kept != null ? Future.succeededFuture(kept) : Future.failedFuture(new Exhausted(d.table(), policy, failures));
        }
        int index = plan.stages().get(position).backendIndex();
        var backend = d.table().backend(index);
        boolean last = plan.isFinal(position);
        called.add(backend.name());
        return upstream.call(ex, d.table(), index, request.body(), request.path(), request.accept(), !last, false)
                .transform(ar -> {
                    if (ar.failed()) {
                        if (!(ar.cause() instanceof UpstreamFailure f)) {
                            return Future.failedFuture(ar.cause() instanceof ClientGone ? ar.cause()
                                    : new IllegalStateException(ar.cause()));
                        }
                        failures.add(f);
                        if (f.kind() == UpstreamFailure.Kind.DEADLINE) {
                            return kept != null ? Future.succeededFuture(kept)
                                    : Future.failedFuture(new Exhausted(d.table(), policy, failures));
                        }
                        metrics.fallback(backend.name(), f.kind().tag);
                        return stage(ex, request, d, position + 1, called, failures, kept);
                    }
                    Answer answer = ar.result();
                    metrics.estimatedCost(policy, backend.name(), backend.costPerQueryUsd());
                    if (last) {
                        return Future.succeededFuture(answer);
                    }
                    JsonNode json = answer.status() < 300 ? parse(answer) : null;
                    boolean usable = json != null && json.isObject();
                    if (usable && LogprobConfidence.confident(json, d.table().table().cascade().minMeanLogprob())) {
                        return Future.succeededFuture(answer);
                    }
                    metrics.escalation(policy, backend.name());
                    return stage(ex, request, d, position + 1, called, failures, usable ? answer : kept);
                });
    }

    private JsonNode parse(Answer answer) {
        try {
            return mapper.readTree(answer.body().getBytes());
        } catch (IOException e) {
            return null;
        }
    }
}
