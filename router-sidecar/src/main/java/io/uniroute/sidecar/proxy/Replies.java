package io.uniroute.sidecar.proxy;

import io.uniroute.sidecar.metrics.SidecarMetrics;
import io.uniroute.sidecar.upstream.CoolDowns;
import io.uniroute.sidecar.upstream.RetryAfter;
import io.uniroute.sidecar.upstream.UpstreamFailure;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers the sidecar gives itself, in OpenAI's error shape: rejections (bad input, no table,
 * unknown model), and what a client gets when no backend answered — 504 when its deadline passed,
 * 429 with the smallest {@code Retry-After} when a backend asked to wait (only once every candidate
 * is exhausted), 502 {@code backend_auth_failed} when every backend tried refused the router's own key
 * for it, else 502 naming each backend tried and why.
 */
final class Replies {

    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    private final SidecarMetrics metrics;
    private final CoolDowns coolDowns;

    Replies(SidecarMetrics metrics, CoolDowns coolDowns) {
        this.metrics = metrics;
        this.coolDowns = coolDowns;
    }

    void reject(Exchange ex, Rejection r) {
        // In HTTP/2 the connection may carry other clients' streams (a proxy in front) and "connection"
        // is an illegal header: the rejection ends or resets this stream only.
        boolean http2 = ex.request().version() == HttpVersion.HTTP_2;
        if (r.closeConnection && !http2) {
            ex.response().putHeader("connection", "close");
            ex.response().endHandler(v -> ex.request().connection().close());
        }
        if (r.status == 0) {
            if (http2) {
                ex.response().reset();
            } else {
                ex.request().connection().close();
            }
            return;
        }
        metrics.request("none", "none", "rejected", ex.client());
        OpenAiError.send(ex.response(), r.status, r.type, r.code, r.getMessage());
    }

    void exhausted(Exchange ex, Exhausted e) {
        List<UpstreamFailure> failures = e.failures;
        String tried = failures.isEmpty() ? "none could be tried"
                : String.join("; ", failures.stream().map(UpstreamFailure::describe).toList());
        LOG.info("request {} ({}, client {}): no backend answered: {}", ex.requestId(), e.policy, ex.client(), tried);
        if (failures.stream().anyMatch(f -> f.kind() == UpstreamFailure.Kind.DEADLINE)) {
            metrics.request(e.policy, "none", "deadline", ex.client());
            OpenAiError.send(ex.response(), 504, "timeout", "deadline_exceeded",
                    "no answer within " + CompletionRequest.TIMEOUT + "; tried: " + tried);
            return;
        }
        OptionalLong wait = smallestWait(failures, e);
        if (wait.isPresent()) {
            metrics.request(e.policy, "none", "rate_limited", ex.client());
            if (!ex.response().headWritten()) {
                ex.response().putHeader("retry-after", RetryAfter.header(wait.getAsLong()));
            }
            OpenAiError.send(ex.response(), 429, "requests", "rate_limit_exceeded",
                    "every backend is rate limited or failed; retry after the Retry-After seconds. Tried: " + tried);
            return;
        }
        metrics.request(e.policy, "none", "failed", ex.client());
        if (!failures.isEmpty() && failures.stream().allMatch(f -> f.kind() == UpstreamFailure.Kind.BACKEND_AUTH)) {
            // The router's key for the backend was refused, not the client's: never a 401 (a gateway's client would
            // read it as "my key is invalid"), never the backend's text.
            OpenAiError.send(ex.response(), 502, "upstream_error", "backend_auth_failed", "the backend refused this"
                    + " router's credentials for it (a configuration fault of the router, not of this request): " + tried);
            return;
        }
        OpenAiError.send(ex.response(), 502, "upstream_error", "all_backends_failed", "every backend tried failed: " + tried);
    }

    /** The smallest wait a 429 asked for, or a backend of the table still cools down: a retry then may succeed. */
    private OptionalLong smallestWait(List<UpstreamFailure> failures, Exhausted e) {
        long best = Long.MAX_VALUE;
        for (UpstreamFailure f : failures) {
            if (f.kind() == UpstreamFailure.Kind.RATE_LIMITED) {
                best = Math.min(best, f.retryAfterMillis());
            }
        }
        if (e.table != null) {
            OptionalLong cooling = coolDowns.shortestRemaining(
                    e.table.table().backends().stream().map(b -> b.name()).toList());
            if (cooling.isPresent()) {
                best = Math.min(best, cooling.getAsLong());
            }
        }
        return best == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(best);
    }

    /** A bug must not leave the client waiting. */
    void internalError(Exchange ex, Throwable e) {
        LOG.error("request {} failed in the sidecar", ex.requestId(), e);
        metrics.request("none", "none", "rejected", ex.client());
        OpenAiError.send(ex.response(), 500, "server_error", "internal_error", "the sidecar failed on this request; see its log");
    }
}
