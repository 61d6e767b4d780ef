package io.uniroute.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.operator.OperatorSettings;
import io.uniroute.operator.UnirouteOperator;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.k8stest.KubeApi;
import io.uniroute.k8stest.RealApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: a real Kubernetes API server (k8s-test's {@link RealApiServer}, one per test
 * JVM), our generated CRDs from crds/ created in it, and the real operator running against it with
 * its own client. The operator can be stopped and started again on the same API server. Register it
 * as a static field with {@code @RegisterExtension}. Test classes share the server: each uses its own
 * namespaces, and the resources of ours a class created are deleted after it, so the next class's
 * operator does not reconcile them.
 */
public final class OperatorHarness implements BeforeAllCallback, AfterAllCallback {

    public static final Path CRDS = Path.of("..", "crds");
    private final OperatorSettings settings;
    private final List<String> namespaces = new ArrayList<>();
    private KubeApi api;
    private KubernetesClient client;
    private KubernetesClient operatorClient;
    private final Queue<String> operatorRequests = new ConcurrentLinkedQueue<>();
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
        api = RealApiServer.api(context);
        client = api.newClient();
        // the operator's own client records what it asks the server, for tests about what it reads (informer caches)
        operatorClient = new KubernetesClientBuilder().withConfig(api.config())
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("record", new Interceptor() {
                    @Override
                    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                        operatorRequests.add(request.method() + " " + request.uri());
                    }
                }))
                .build();
        var crdApi = client.apiextensions().v1().customResourceDefinitions();
        for (CustomResourceDefinition crd : crds(client)) {
            if (crdApi.withName(crd.getMetadata().getName()).get() == null) {
                crdApi.resource(crd).create();
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> crds(client).stream().allMatch(c -> established(crdApi.withName(
                c.getMetadata().getName()).get())));
        // on the hybrid, a CRD Established on the CRD server is served through the core server's aggregation
        // layer only once its APIService is available: until then a list is a 404, and an informer start fails
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            client.resources(io.uniroute.operator.api.LLMBackend.class).inAnyNamespace().list();
            client.resources(io.uniroute.operator.api.PromptSet.class).inAnyNamespace().list();
            client.resources(io.uniroute.operator.api.RoutingPolicy.class).inAnyNamespace().list();
            return true;
        });
        embedder = new MiniLmEmbedder();
        startOperator();
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
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
        operator = UnirouteOperator.create(operatorClient, registry, settings, () -> embedder, null).start();
    }

    public void stopOperator() {
        if (operator != null) {
            operator.close();
            operator = null;
        }
    }

    /** The requests ("METHOD uri") the operator's client sent since the last call, oldest first. */
    public List<String> drainOperatorRequests() {
        List<String> out = new ArrayList<>();
        for (String r; (r = operatorRequests.poll()) != null; ) {
            out.add(r);
        }
        return out;
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

    /** Creates the namespace (or reuses it when an earlier run of this JVM made it); our resources in it are deleted after the class. */
    public String newNamespace(String name) {
        if (client.namespaces().withName(name).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        }
        namespaces.add(name);
        return name;
    }

    /** Which server the tests run on, for reports. */
    public String server() {
        return api.describe();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopOperator();
        if (client != null) {
            // no namespace controller on the test server: delete our resources, so later classes' operators never see them
            for (String ns : namespaces) {
                client.resources(RoutingPolicy.class).inNamespace(ns).delete();
                client.resources(LLMBackend.class).inNamespace(ns).delete();
                client.resources(PromptSet.class).inNamespace(ns).delete();
            }
            operatorClient.close();
            client.close();
        }
    }
}
