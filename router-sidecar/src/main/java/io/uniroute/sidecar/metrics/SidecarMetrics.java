package io.uniroute.sidecar.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sidecar's metrics, named once here (scraped at {@code /metrics}). Every name starts with
 * {@code uniroute_sidecar_}. Tags hold policy and backend names only: never a prompt, never a key.
 */
public final class SidecarMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer decision;
    private final Timer embedding;
    private final Map<String, AtomicInteger> circuitOpen = new ConcurrentHashMap<>();

    public SidecarMetrics() {
        decision = latency("uniroute.sidecar.decision", "time from a parsed request to a routing decision, embedding included");
        embedding = latency("uniroute.sidecar.embedding", "time to embed the prompt (cache hits included)");
    }

    private Timer latency(String name, String description) {
        return Timer.builder(name).description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    /**
     * outcome: ok, upstream_error (the backend's own 4xx), failed (502), rejected (our 4xx/5xx).
     * client: the name of the client's key (gateway), {@code none} without client authentication.
     */
    public void request(String policy, String backend, String outcome, String client) {
        Counter.builder("uniroute.sidecar.requests").description("requests by policy, backend, outcome and client key name")
                .tags("policy", policy, "backend", backend, "outcome", outcome, "client", client).register(registry).increment();
    }

    /** A request refused with 401; reason: missing (no bearer key) or invalid (not one of the keys). */
    public void authRejected(String reason) {
        Counter.builder("uniroute.sidecar.auth.rejected").description("requests refused for a missing or unknown client key")
                .tags("reason", reason).register(registry).increment();
    }

    public void decisionNanos(long nanos) {
        decision.record(Duration.ofNanos(nanos));
    }

    public void embeddingNanos(long nanos) {
        embedding.record(Duration.ofNanos(nanos));
    }

    /** Time to the backend's response headers. */
    public void upstreamNanos(String backend, long nanos) {
        Timer.builder("uniroute.sidecar.upstream").description("time to a backend's response headers")
                .tags("backend", backend).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry).record(Duration.ofNanos(nanos));
    }

    public void estimatedCost(String policy, String backend, double usd) {
        Counter.builder("uniroute.sidecar.estimated.cost").baseUnit("usd")
                .description("expected cost of the calls made, from the table's per-query cost")
                .tags("policy", policy, "backend", backend).register(registry).increment(usd);
    }

    public void escalation(String policy, String from) {
        Counter.builder("uniroute.sidecar.cascade.escalations").description("cascade stages that escalated")
                .tags("policy", policy, "from", from).register(registry).increment();
    }

    public void fallback(String from, String reason) {
        Counter.builder("uniroute.sidecar.fallbacks").description("retries on the next-best backend after a failure")
                .tags("from", from, "reason", reason).register(registry).increment();
    }

    /** A request routed by the policy's prompt-independent choice; reason: overload or embedder_error. */
    /** A backend refused the router's own credentials for it (401, 403, 407): a configuration fault, never the client's. */
    public void backendAuthFailed(String backend, int status) {
        Counter.builder("uniroute.sidecar.backend.auth.failures")
                .description("backend answers refusing the router's API key for that backend (401, 403, 407)")
                .tags("backend", backend, "status", Integer.toString(status)).register(registry).increment();
    }

    public void unembedded(String policy, String reason) {
        Counter.builder("uniroute.sidecar.unembedded")
                .description("requests routed without their prompt's embedding (x-uniroute-cluster: none)")
                .tags("policy", policy, "reason", reason).register(registry).increment();
    }

    /** A backend call reset because the client left before its answer was through. */
    public void upstreamCancelled(String backend, String phase) {
        Counter.builder("uniroute.sidecar.upstream.cancelled")
                .description("backend calls reset because the client disconnected")
                .tag("backend", backend).tag("phase", phase).register(registry).increment();
    }

    public void circuitState(String backend, boolean open) {
        circuitOpen.computeIfAbsent(backend, b -> {
            AtomicInteger v = new AtomicInteger();
            Gauge.builder("uniroute.sidecar.circuit.open", v, AtomicInteger::get)
                    .description("1 while the backend's circuit breaker keeps it out").tags("backend", b)
                    .register(registry);
            return v;
        }).set(open ? 1 : 0);
    }

    /**
     * result: accepted, rejected (invalid), rejected-embedder (made with another embedder or text window),
     * rejected-embed-text (its prompts embedded from other text than this sidecar's {@code --embed-text}),
     * rejected-inconsistent (a namespace-watched ConfigMap that is not the operator's table of its policy)
     * or removed.
     */
    public void tableUpdate(String source, String result) {
        Counter.builder("uniroute.sidecar.table.updates").description("routing tables read from a source")
                .tags("source", source, "result", result).register(registry).increment();
    }

    /** A table no longer served (its ConfigMap was deleted): its version gauge goes. */
    public void tableGone(String policy, String hash) {
        registry.find("uniroute.sidecar.table.info").tags("policy", policy, "hash", hash).meters().forEach(registry::remove);
    }

    /** The version (hash) served for a policy, as a tag of a gauge of value 1; the old version's gauge goes. */
    public void tableVersion(String policy, String oldHash, String newHash) {
        if (oldHash != null) {
            registry.find("uniroute.sidecar.table.info").tags("policy", policy, "hash", oldHash).meters()
                    .forEach(registry::remove);
        }
        Gauge.builder("uniroute.sidecar.table.info", () -> 1)
                .description("the routing table version served for a policy (value 1; version in the hash tag)")
                .tags("policy", policy, "hash", newHash).register(registry);
    }
}
