package io.uniroute.operator.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.k8stest.KubeApi;
import io.uniroute.k8stest.RealApiServer;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: an API server with our generated CRDs from crds/ created in it, and the real
 * operator running against it (JOSDK's LocallyRunOperatorExtension needs a real cluster). The API
 * server is the fabric8 mock server in CRUD mode ({@link #OperatorHarness(OperatorSettings)}), or the
 * JVM's real kube-apiserver from k8s-test's {@link RealApiServer} ({@link #onRealServer}), for tests
 * about Kubernetes behaviour (status subresource, informers, owner references); those are skipped
 * without one, and fail on CI. The operator can be stopped and started again on the same API server.
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
    private final boolean realServer;
    private KubeApi api;
    private final List<String> namespaces = new java.util.ArrayList<>();
    private KubernetesMockServer server;
    private KubernetesClient client;
    private UnirouteOperator operator;
    private Embedder embedder;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public OperatorHarness(OperatorSettings settings) {
        this(settings, false);
    }

    private OperatorHarness(OperatorSettings settings, boolean realServer) {
        this.settings = settings;
        this.realServer = realServer;
    }

    /** The operator on the JVM's real API server (shared by the test classes: namespaces get unique names). */
    public static OperatorHarness onRealServer(OperatorSettings settings) {
        return new OperatorHarness(settings, true);
    }

    /** Short batches and back-offs, so failures and restarts are seen in a test's time. */
    public static OperatorSettings fastSettings() {
        return new OperatorSettings(Set.of(), Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofMillis(300),
                Duration.ofSeconds(2), 10);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (realServer) {
            api = RealApiServer.api(context);
            client = api.newClient();
            for (CustomResourceDefinition crd : crds(client)) {
                // the server outlives this class: the CRDs of an earlier class stay, replaced by ours
                client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(NonDeletingOperation::update);
                client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                        .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                                && c.getStatus().getConditions().stream().anyMatch(x -> "Established".equals(x.getType())
                                        && "True".equals(x.getStatus())), 30, TimeUnit.SECONDS);
            }
            // on the hybrid, a CRD Established on the CRD server is served through the core server's aggregation
            // layer only once its APIService is available: until then a list is a 404, and an informer would fail
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                client.resources(io.uniroute.operator.api.LLMBackend.class).inAnyNamespace().list();
                client.resources(io.uniroute.operator.api.PromptSet.class).inAnyNamespace().list();
                client.resources(io.uniroute.operator.api.RoutingPolicy.class).inAnyNamespace().list();
                return true;
            });
        } else {
            server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                    new KubernetesCrudDispatcher(List.of()), false);
            server.init();
            client = server.createClient();
            for (CustomResourceDefinition crd : crds(client)) {
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
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

    /** The mock API server (null on a real one), for tests that look at the requests the operator sends. */
    public KubernetesMockServer mockServer() {
        return server;
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

    /** A new namespace named {@code name} (on the shared real server: {@code name-N}); returns its name. */
    public String newNamespace(String name) {
        if (api != null) {
            String ns = api.newNamespace(name);
            namespaces.add(ns);
            return ns;
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopOperator();
        if (api != null) {
            // the server outlives this class and has no namespace controller: leave nothing the next operator would reconcile
            for (String ns : namespaces) {
                client.resources(io.uniroute.operator.api.RoutingPolicy.class).inNamespace(ns).delete();
                client.resources(io.uniroute.operator.api.LLMBackend.class).inNamespace(ns).delete();
                client.resources(io.uniroute.operator.api.PromptSet.class).inNamespace(ns).delete();
            }
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
    }
}
