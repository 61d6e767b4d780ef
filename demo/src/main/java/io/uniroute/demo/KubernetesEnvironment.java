package io.uniroute.demo;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;

/**
 * Where the demo's resources live: an embedded Kubernetes API (the fabric8 mock server in CRUD
 * mode, with our CRDs created in it as a user would) or the cluster of the current kubeconfig.
 */
final class KubernetesEnvironment implements AutoCloseable {

    static final List<String> CRD_FILES = List.of(
            "llmbackends.uniroute.io-v1.yml", "promptsets.uniroute.io-v1.yml", "routingpolicies.uniroute.io-v1.yml");

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final String namespace;

    private KubernetesEnvironment(KubernetesMockServer server, KubernetesClient client, String namespace) {
        this.server = server;
        this.client = client;
        this.namespace = namespace;
    }

    static KubernetesEnvironment embedded() {
        // the mock server logs every request through java.util.logging; the demo's output is its own
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        KubernetesClient client = server.createClient();
        for (CustomResourceDefinition crd : crds(client)) {
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
        return new KubernetesEnvironment(server, client, client.getNamespace());
    }

    /** The cluster of the current kubeconfig; its CRDs must be installed already (Helm or crds/). */
    static KubernetesEnvironment currentCluster() {
        KubernetesClient client = new KubernetesClientBuilder().build();
        String ns = client.getNamespace() == null ? "default" : client.getNamespace();
        for (String name : List.of("llmbackends.uniroute.io", "promptsets.uniroute.io", "routingpolicies.uniroute.io")) {
            if (client.apiextensions().v1().customResourceDefinitions().withName(name).get() == null) {
                client.close();
                throw new IllegalStateException("CRD " + name + " is not installed in the cluster; run: kubectl apply -f crds/");
            }
        }
        return new KubernetesEnvironment(null, client, ns);
    }

    /** The generated CRDs, as the operator's jar carries them. */
    private static List<CustomResourceDefinition> crds(KubernetesClient client) {
        return CRD_FILES.stream().map(f -> {
            try (InputStream in = KubernetesEnvironment.class.getResourceAsStream("/META-INF/fabric8/" + f)) {
                if (in == null) {
                    throw new IllegalStateException("the operator jar lacks its CRD " + f + " (a broken build?)");
                }
                return client.apiextensions().v1().customResourceDefinitions().load(in).item();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    KubernetesClient client() {
        return client;
    }

    String namespace() {
        return namespace;
    }

    boolean embeddedApi() {
        return server != null;
    }

    /** The API's base URL, for the sidecar to watch the routing table ConfigMap through. */
    String apiUrl() {
        return client.getMasterUrl().toString();
    }

    @Override
    public void close() {
        client.close();
        if (server != null) {
            server.destroy();
        }
    }
}
