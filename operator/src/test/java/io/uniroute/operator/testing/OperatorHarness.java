package io.uniroute.operator.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.operator.OperatorSettings;
import io.uniroute.operator.UnirouteOperator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: the fabric8 mock API server in CRUD mode, our generated CRDs from crds/
 * created in it, and the real operator running against it (JOSDK's LocallyRunOperatorExtension
 * needs a real cluster). The operator can be stopped and started again on the same API server.
 * Register it as a static field with {@code @RegisterExtension}.
 */
public final class OperatorHarness implements BeforeAllCallback, AfterAllCallback {

    public static final Path CRDS = Path.of("..", "crds");
    // the mock server logs every request at INFO through java.util.logging; keep a reference so the level sticks
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final OperatorSettings settings;
    private KubernetesMockServer server;
    private KubernetesClient client;
    private UnirouteOperator operator;
    private Embedder embedder;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public OperatorHarness(OperatorSettings settings) {
        this.settings = settings;
    }

    /** Short batches and back-offs, so failures and restarts are seen in a test's time. */
    public static OperatorSettings fastSettings() {
        return new OperatorSettings(Set.of(), Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofMillis(300),
                Duration.ofSeconds(2), 10);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init();
        client = server.createClient();
        for (CustomResourceDefinition crd : crds(client)) {
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
        embedder = new MiniLmEmbedder();
        startOperator();
    }

    static List<CustomResourceDefinition> crds(KubernetesClient client) throws IOException {
        try (Stream<Path> files = Files.list(CRDS)) {
            return files.filter(p -> p.toString().endsWith(".yml")).sorted().map(p -> {
                try (InputStream in = Files.newInputStream(p)) {
                    return client.apiextensions().v1().customResourceDefinitions().load(in).item();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    public void startOperator() {
        operator = UnirouteOperator.create(client, registry, settings, () -> embedder, null).start();
    }

    public void stopOperator() {
        if (operator != null) {
            operator.close();
            operator = null;
        }
    }

    public KubernetesClient client() {
        return client;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public Embedder embedder() {
        return embedder;
    }

    public String newNamespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopOperator();
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
    }
}
