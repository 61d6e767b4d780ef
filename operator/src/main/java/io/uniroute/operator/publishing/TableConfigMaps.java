package io.uniroute.operator.publishing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.embedding.SharedTemplate;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.core.table.RoutingTableJson;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.RoutingPolicy;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ConfigMaps {@code <policy>-routing} a policy's tables live in: written when their hash changes, read back for θ. */
final class TableConfigMaps {

    private static final Logger LOG = LoggerFactory.getLogger(TableConfigMaps.class);

    static final String FIELD_MANAGER = "uniroute-operator";

    private final KubernetesClient client;
    private final InformerEventSource<ConfigMap, RoutingPolicy> informer;
    private final Optional<ConfigMap> cached;
    private final RoutingTableJson json = new RoutingTableJson();

    private final boolean serverSideApply;

    /**
     * @param informer the policy controller's informer of table ConfigMaps: read from, and told of our own writes
     * @param cached the policy's table ConfigMap as that informer has it
     * @param serverSideApply write by server-side apply (the default); off only for an API server without it
     */
    TableConfigMaps(KubernetesClient client, InformerEventSource<ConfigMap, RoutingPolicy> informer, Optional<ConfigMap> cached,
            boolean serverSideApply) {
        this.client = client;
        this.informer = informer;
        this.cached = cached;
        this.serverSideApply = serverSideApply;
    }

    /** Names the Secret and where the sidecar finds its key; never the key. */
    static RoutingTable.ApiKeyRef apiKeyRef(LLMBackend b) {
        var ref = b.getSpec().apiKeySecretRef();
        if (ref == null) {
            return null;
        }
        String env = "UNIROUTE_API_KEY_" + b.getMetadata().getName().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        return new RoutingTable.ApiKeyRef(ref.name(), ref.key(), env, PolicyReconciler.KEY_FILE_ROOT + "/" + ref.name() + "/" + ref.key());
    }

    /** θ of the table already published, when it fits (same K, embedder and shared template); null otherwise. */
    float[][] publishedTheta(RoutingPolicy policy, int k, Embedder embedder, SharedTemplate template) {
        ConfigMap cm = cached.orElse(null);
        if (cm == null || cm.getData() == null || cm.getData().get(PolicyReconciler.TABLE_KEY) == null) {
            return null;
        }
        try {
            RoutingTable t = json.read(cm.getData().get(PolicyReconciler.TABLE_KEY));
            boolean fits = RoutingTable.ClusterMapSpec.SOFTMAX.equals(t.clusterMap().type()) && t.clusterMap().vectors().length == k
                    && embedder.id().equals(t.embedder().id())
                    // θ fitted on prompts embedded with another template (e.g. by an operator before template
                    // stripping) lives in another space: fitted again
                    && template.equals(t.embedder().sharedTemplate());
            return fits ? t.clusterMap().vectors() : null;
        } catch (RuntimeException e) {
            LOG.warn("policy {}/{}: the published table cannot be read back ({}); fitting θ again",
                    policy.getMetadata().getNamespace(), policy.getMetadata().getName(), e.getMessage());
            return null;
        }
    }

    /** Applies the ConfigMap when its hash differs; true when it wrote. */
    boolean write(RoutingPolicy policy, String tableJson, String hash) {
        String ns = policy.getMetadata().getNamespace();
        String name = PolicyReconciler.tableName(policy.getMetadata().getName());
        ConfigMap existing = cached.orElse(null);
        if (existing != null && existing.getMetadata().getAnnotations() != null
                && hash.equals(existing.getMetadata().getAnnotations().get(PolicyReconciler.HASH_ANNOTATION))
                && existing.getData() != null && tableJson.equals(existing.getData().get(PolicyReconciler.TABLE_KEY))) {
            return false;
        }
        ConfigMap desired = new ConfigMapBuilder()
                .withNewMetadata().withName(name).withNamespace(ns)
                .addToLabels(PolicyReconciler.POLICY_LABEL, policy.getMetadata().getName())
                .addToLabels("app.kubernetes.io/managed-by", "uniroute-operator")
                .addToAnnotations(PolicyReconciler.HASH_ANNOTATION, hash)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(policy.getApiVersion()).withKind(policy.getKind())
                        .withName(policy.getMetadata().getName()).withUid(policy.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withData(Map.of(PolicyReconciler.TABLE_KEY, tableJson))
                .build();
        ResourceID id = new ResourceID(name, ns);
        if (serverSideApply) { // the operator owns these fields; others' labels or annotations stay
            ConfigMap written = client.configMaps().inNamespace(ns).resource(desired).fieldManager(FIELD_MANAGER).forceConflicts()
                    .serverSideApply();
            if (existing == null) {
                informer.handleRecentResourceCreate(id, written);
            } else {
                informer.handleRecentResourceUpdate(id, written, existing);
            }
            return true;
        }
        if (existing == null) {
            try {
                informer.handleRecentResourceCreate(id, client.configMaps().inNamespace(ns).resource(desired).create());
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // it exists, the cache has not seen it yet: replace it below
            }
        }
        // a replace at the cached resourceVersion: a stale cache is a 409, and JOSDK reconciles again
        ConfigMap base = existing != null ? existing : client.configMaps().inNamespace(ns).withName(name).get();
        ConfigMap written = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder(base)
                .editMetadata().addToAnnotations(PolicyReconciler.HASH_ANNOTATION, hash)
                .addToLabels(desired.getMetadata().getLabels())
                .withOwnerReferences(desired.getMetadata().getOwnerReferences()).endMetadata()
                .withData(Map.of(PolicyReconciler.TABLE_KEY, tableJson)).build()).update();
        if (existing != null) {
            informer.handleRecentResourceUpdate(id, written, existing);
        }
        return true;
    }
}
