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
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A routed request's attempts: the ranking in order, the next-best by the same score after each
 * failure. A backend whose breaker refuses it is passed over, and called anyway (uncounted by its
 * breaker) only after every other candidate failed. When all have failed and attempts remain, those
 * whose failure was sporadic (a 5xx, a bad answer, a dropped connection — not a timeout, which
 * costs its full wait, nor a 429, which asked to wait) are asked once more. A 429 does not count as
 * an attempt (it cost nothing); at most {@code maxAttempts} counted attempts; the request's
 * deadline ends it all. Fails with {@link Exhausted} listing what was tried.
 */
final class FallbackAttempts {

    private static final Logger LOG = LoggerFactory.getLogger(FallbackAttempts.class);
    private static final Set<Kind> SPORADIC = EnumSet.of(Kind.STATUS, Kind.BAD_ANSWER, Kind.CONNECTION);

    /** The ranking; then the backends their breakers refused, forced; then the sporadic failures again. */
    private enum Pass { RANKED, REFUSED, AGAIN }

    private final Upstream upstream;
    private final SidecarMetrics metrics;

    FallbackAttempts(Upstream upstream, SidecarMetrics metrics) {
        this.upstream = upstream;
        this.metrics = metrics;
    }

    Future<Answer> run(Exchange ex, CompletionRequest request, Decision d) {
        State s = new State(ex, request, d, d.table().table().fallbackOrDefaults().maxAttempts());
        return next(s, Pass.RANKED, d.ranking(), 0);
    }

    /** What one request's attempts have learnt so far (its event loop only). */
    private static final class State {
        final Exchange ex;
        final CompletionRequest request;
        final Decision d;
        final int maxAttempts;
        int attempts;
        final List<UpstreamFailure> failures = new ArrayList<>();
        final List<Integer> refused = new ArrayList<>();
        final List<Integer> again = new ArrayList<>();

        State(Exchange ex, CompletionRequest request, Decision d, int maxAttempts) {
            this.ex = ex;
            this.request = request;
            this.d = d;
            this.maxAttempts = maxAttempts;
        }
    }

    private Future<Answer> next(State s, Pass pass, int[] order, int position) {
        String policy = s.d.table().policy();
        if (s.attempts >= s.maxAttempts) {
            return Future.failedFuture(new Exhausted(s.d.table(), policy, s.failures));
        }
        if (position >= order.length) {
            if (pass == Pass.RANKED && !s.refused.isEmpty()) {
                return next(s, Pass.REFUSED, ints(s.refused), 0);
            }
            if (pass != Pass.AGAIN && !s.again.isEmpty()) {
                return next(s, Pass.AGAIN, ints(s.again), 0);
            }
            return Future.failedFuture(new Exhausted(s.d.table(), policy, s.failures));
        }
        int index = order[position];
        var backend = s.d.table().backend(index);
        return upstream.call(s.ex, s.d.table(), index, s.request.body(), s.request.path(), s.request.accept(), false,
                        pass == Pass.REFUSED)
                .onSuccess(a -> metrics.estimatedCost(policy, backend.name(), backend.costPerQueryUsd()))
                .recover(e -> {
                    if (!(e instanceof UpstreamFailure f)) {
                        return Future.failedFuture(e instanceof ClientGone ? e : new IllegalStateException(e));
                    }
                    if (f.kind() == Kind.BREAKER_OPEN) {
                        if (pass == Pass.RANKED) {
                            s.refused.add(index);
                        }
                        return next(s, pass, order, position + 1);
                    }
                    s.failures.add(f);
                    if (f.kind() == Kind.DEADLINE) {
                        return Future.failedFuture(new Exhausted(s.d.table(), policy, s.failures));
                    }
                    metrics.fallback(backend.name(), f.kind().tag);
                    LOG.debug("request {} ({}): {} failed, falling back", s.ex.requestId(), policy, f.describe());
                    if (f.kind() != Kind.RATE_LIMITED) {
                        s.attempts++;
                    }
                    if (pass != Pass.AGAIN && SPORADIC.contains(f.kind())) {
                        s.again.add(index);
                    }
                    return next(s, pass, order, position + 1);
                });
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
