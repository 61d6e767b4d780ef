package io.uniroute.sidecar.proxy;

import io.uniroute.sidecar.metrics.SidecarMetrics;
import io.uniroute.sidecar.upstream.Answer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a committed answer to the client: the backend's status and end-to-end headers (so its
 * {@code retry-after}, {@code x-ratelimit-*} and the like reach the client; hop-by-hop ones do not),
 * the sidecar's {@code x-uniroute-*} headers and the request id, then the body — whole, or the
 * stream's checked head followed by the rest piped with back-pressure, chunk by chunk. A cascade
 * stage's answer, read whole, goes out as one SSE chunk when the client asked to stream.
 */
final class Relay {

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    /** Set by the sidecar (framing, its own headers), never copied from the backend. */
    private static final Set<String> OWN = Set.of("content-length", "x-request-id", "set-cookie");

    private final SidecarMetrics metrics;

    Relay(SidecarMetrics metrics) {
        this.metrics = metrics;
    }

    void send(Exchange ex, CompletionRequest request, Answer a, Map<String, String> ours, String policy) {
        if (ex.gone()) {
            a.discard();
            return;
        }
        HttpServerResponse response = ex.response();
        response.setStatusCode(a.status());
        HopByHop.copy(a.headers(), response.headers(), name -> OWN.contains(name) || name.startsWith("x-uniroute-"));
        ours.forEach(response::putHeader);
        metrics.request(policy, a.backend(), a.status() < 400 ? "ok" : "upstream_error", ex.client());
        LOG.debug("request {} ({}, client {}): {} answered {}", ex.requestId(), policy, ex.client(), a.backend(), a.status());
        if (!a.isStream()) {
            if (a.probe() && request.stream()) {
                response.headers().set("content-type", "text/event-stream");
                response.end(SseFromCompletion.convert(new JsonObject(a.body()), request.chat()));
            } else {
                if (a.probe()) {
                    response.headers().set("content-type", "application/json");
                }
                response.end(a.body());
            }
            return;
        }
        pipe(ex, a, response);
    }

    /** The head already read, then the rest as it comes; the pipe pauses the backend when the client is slow. */
    private void pipe(Exchange ex, Answer a, HttpServerResponse response) {
        String length = a.headers().get("content-length");
        if (length != null) {
            response.putHeader("content-length", length); // the same bytes pass, so the length holds
        } else {
            response.setChunked(true);
        }
        // The client leaves mid-answer (maybe while the backend is quiet, so no write fails yet):
        // stop the backend generating, and billing, for nobody.
        Runnable cancel = () -> {
            a.stream().request().reset();
            metrics.upstreamCancelled(a.backend(), "streaming");
        };
        ex.whileInFlight(cancel);
        if (a.head().length() > 0) {
            response.write(a.head());
        }
        // Not ended on failure: a stream cut short must look cut short to the client, not complete.
        a.stream().pipe().endOnFailure(false).to(response).onComplete(ar -> {
            ex.done(cancel);
            if (ar.failed()) {
                LOG.debug("request {}: answer from {} cut short: {}", ex.requestId(), a.backend(), ar.cause().toString());
                a.stream().request().reset();
                if (!response.ended()) {
                    response.reset();
                }
            }
        });
    }
}
