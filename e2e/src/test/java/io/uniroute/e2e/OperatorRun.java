package io.uniroute.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.k8stest.KubeApi;
import io.uniroute.operator.OperatorSettings;
import io.uniroute.operator.UnirouteOperator;
import java.time.Duration;
import java.util.Set;

/**
 * One operator process as the product wires it ({@link UnirouteOperator}), with its own client, on
 * the real API server, watching the namespaces a test class owns (test classes share the server).
 */
final class OperatorRun implements AutoCloseable {

    private final KubernetesClient client;
    private final UnirouteOperator operator;
    private final PrometheusMeterRegistry registry;

    private OperatorRun(KubernetesClient client, UnirouteOperator operator, PrometheusMeterRegistry registry) {
        this.client = client;
        this.operator = operator;
        this.registry = registry;
    }

    /** Short batches and back-offs, so failures and restarts are seen in a test's time. */
    static OperatorSettings fastSettings(Set<String> namespaces) {
        return new OperatorSettings(namespaces, Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofMillis(300),
                Duration.ofSeconds(2), 10);
    }

    static OperatorRun start(KubeApi api, Embedder embedder, Set<String> namespaces, LeaderElectionConfiguration election) {
        KubernetesClient client = api.newClient();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        UnirouteOperator op = UnirouteOperator.create(client, registry, fastSettings(namespaces), () -> embedder, election).start();
        return new OperatorRun(client, op, registry);
    }

    static OperatorRun start(KubeApi api, Embedder embedder, Set<String> namespaces) {
        return start(api, embedder, namespaces, null);
    }

    /** Cuts this process off the API at once, as a killed pod is: no Lease release, no last status write. */
    void cutOff() {
        client.close();
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    boolean healthy() {
        return operator.healthy();
    }

    @Override
    public void close() {
        operator.close();
        client.close();
    }
}
