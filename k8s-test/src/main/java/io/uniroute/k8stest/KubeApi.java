package io.uniroute.k8stest;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running real API server, as a test sees it: its kubeconfig, a shared client, and the versions it
 * reports. Obtained from {@link RealApiServer}; never closed by a test (the server lives for the JVM).
 */
public final class KubeApi {

    private final Kind kind;
    private final String kubeconfigYaml;
    private final String coreVersion;
    private final String crdVersion;
    private final KubernetesClient client;
    private final AtomicInteger namespaces = new AtomicInteger();

    KubeApi(Kind kind, String kubeconfigYaml, String coreVersion, String crdVersion, KubernetesClient client) {
        this.kind = kind;
        this.kubeconfigYaml = kubeconfigYaml;
        this.coreVersion = coreVersion;
        this.crdVersion = crdVersion;
        this.client = client;
    }

    /** How the server was started. */
    public enum Kind {
        /** fabric8 kube-api-test: etcd + kube-apiserver of one release, found or downloaded as it does. */
        KUBE_API_TEST,
        /** the core kube-apiserver with CRD traffic forwarded to a current apiextensions-apiserver, one URL. */
        HYBRID
    }

    public Kind kind() {
        return kind;
    }

    /** A kubeconfig with full (system:masters) rights on this server. */
    public String kubeconfigYaml() {
        return kubeconfigYaml;
    }

    /** The kube-apiserver's {@code gitVersion}, e.g. {@code v1.20.2}. */
    public String coreVersion() {
        return coreVersion;
    }

    /** The version serving CustomResourceDefinitions: the apiextensions-apiserver's in the hybrid, else the core one. */
    public String crdVersion() {
        return crdVersion;
    }

    /** A shared client for set-up and assertions; never close it. */
    public KubernetesClient client() {
        return client;
    }

    public Config config() {
        return Config.fromKubeconfig(kubeconfigYaml);
    }

    /** A new client on this server; the caller closes it. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }

    /** Creates a namespace with a unique name starting with {@code prefix} (test classes share the server). */
    public String newNamespace(String prefix) {
        String name = (prefix.toLowerCase(Locale.ROOT) + "-" + namespaces.incrementAndGet()).replaceAll("[^a-z0-9-]", "-");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    /** True when CRDs get current semantics (CEL x-kubernetes-validations need a CRD server >= 1.25). */
    public boolean currentCrdSemantics() {
        return Versions.atLeast(crdVersion, 1, 25);
    }

    /** One line naming what the tests ran against, for reports. */
    public String describe() {
        return kind == Kind.HYBRID
                ? "hybrid: kube-apiserver " + coreVersion + " + apiextensions-apiserver " + crdVersion + " (CRDs)"
                : "kube-api-test: kube-apiserver " + coreVersion;
    }
}
