package io.uniroute.sidecar.proxy;

import io.uniroute.sidecar.metrics.SidecarMetrics;
import io.uniroute.sidecar.routing.Decision;
import io.uniroute.sidecar.upstream.Answer;
import io.uniroute.sidecar.upstream.ClientGone;
import io.uniroute.sidecar.upstream.Upstream;
import io.uniroute.sidecar.upstream.UpstreamFailure;
import io.uniroute.sidecar.upstream.UpstreamFailure.Kind;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A routed request's attempts: the ranking in order, the next-best by the same score after each
 * failure. A backend whose breaker refuses it is skipped; a 429 moves on without counting as an
 * attempt (it cost nothing); at most {@code maxAttempts} real attempts; the request's deadline ends
 * it all. Fails with {@link Exhausted} listing what was tried.
 */
final class FallbackAttempts {

    private static final Logger LOG = LoggerFactory.getLogger(FallbackAttempts.class);

    private final Upstream upstream;
    private final SidecarMetrics metrics;

    FallbackAttempts(Upstream upstream, SidecarMetrics metrics) {
        this.upstream = upstream;
        this.metrics = metrics;
    }

    Future<Answer> run(Exchange ex, CompletionRequest request, Decision d) {
        int maxAttempts = d.table().table().fallbackOrDefaults().maxAttempts();
        return next(ex, request, d, 0, 0, maxAttempts, new ArrayList<>());
    }

    private Future<Answer> next(Exchange ex, CompletionRequest request, Decision d, int position, int attempts,
            int maxAttempts, List<UpstreamFailure> failures) {
        String policy = d.table().policy();
        if (position >= d.ranking().length || attempts >= maxAttempts) {
            return Future.failedFuture(new Exhausted(d.table(), policy, failures));
        }
        int index = d.ranking()[position];
        var backend = d.table().backend(index);
        return upstream.call(ex, d.table(), index, request.body(), request.path(), request.accept(), false, false)
                .onSuccess(a -> metrics.estimatedCost(policy, backend.name(), backend.costPerQueryUsd()))
                .recover(e -> {
                    if (!(e instanceof UpstreamFailure f)) {
                        return Future.failedFuture(e instanceof ClientGone ? e : new IllegalStateException(e));
                    }
                    if (f.kind() == Kind.BREAKER_OPEN) {
                        return next(ex, request, d, position + 1, attempts, maxAttempts, failures);
                    }
                    failures.add(f);
                    if (f.kind() == Kind.DEADLINE) {
                        return Future.failedFuture(new Exhausted(d.table(), policy, failures));
                    }
                    metrics.fallback(backend.name(), f.kind().tag);
                    LOG.debug("request {} ({}): {} failed, falling back", ex.requestId(), policy, f.describe());
                    int counted = f.kind() == Kind.RATE_LIMITED ? attempts : attempts + 1;
                    return next(ex, request, d, position + 1, counted, maxAttempts, failures);
                });
    }
}
