package io.uniroute.operator.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.core.table.RoutingTable.ApiKeyRef;
import io.uniroute.operator.api.RoutingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the API key references from the ConfigMap {@code <policy>-routing} the operator publishes.
 * Reads only names (Secret, key, file, env), never a Secret itself. Parsed leniently (only
 * {@code backends[].apiKey} and {@code embedder}): the webhook must not refuse a pod over a table
 * field it does not use. The embedder comes from the table, or before the first table from the
 * RoutingPolicy's {@code spec.embedder}, so the sidecar is started with the one its tables need.
 */
public final class RoutingTableApiKeys implements ApiKeyLookup {

    private final KubernetesClient client;
    private final ObjectMapper json = new ObjectMapper();

    public RoutingTableApiKeys(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public Optional<List<ApiKeyRef>> apiKeys(String namespace, String policy) {
        ConfigMap cm = client.configMaps().inNamespace(namespace)
                .withName(SidecarInjector.tableConfigMap(policy)).get();
        if (cm == null || cm.getData() == null || cm.getData().get(SidecarInjector.TABLE_KEY) == null) {
            return Optional.empty();
        }
        try {
            JsonNode backends = json.readTree(cm.getData().get(SidecarInjector.TABLE_KEY)).path("backends");
            List<ApiKeyRef> refs = new ArrayList<>();
            for (JsonNode backend : backends) {
                JsonNode key = backend.path("apiKey");
                if (key.isObject()) {
                    refs.add(new ApiKeyRef(text(key, "secretName"), text(key, "secretKey"), text(key, "env"),
                            text(key, "file")));
                }
            }
            return Optional.of(List.copyOf(refs));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("routing table in ConfigMap " + namespace + "/"
                    + SidecarInjector.tableConfigMap(policy) + " is not JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public SidecarEmbedding embedding(String namespace, String policy) {
        ConfigMap cm = client.configMaps().inNamespace(namespace)
                .withName(SidecarInjector.tableConfigMap(policy)).get();
        if (cm != null && cm.getData() != null && cm.getData().get(SidecarInjector.TABLE_KEY) != null) {
            try {
                JsonNode embedder = json.readTree(cm.getData().get(SidecarInjector.TABLE_KEY)).path("embedder");
                String id = text(embedder, "id");
                String embedText = text(embedder, "embedText");
                // a table without embedText was made from the last user message (the sidecar's default)
                return new SidecarEmbedding(id, embedText == null ? RoutingTable.EmbedderRef.DEFAULT_EMBED_TEXT : embedText);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("routing table in ConfigMap " + namespace + "/"
                        + SidecarInjector.tableConfigMap(policy) + " is not JSON: " + e.getMessage(), e);
            }
        }
        RoutingPolicy rp;
        try {
            rp = client.resources(RoutingPolicy.class).inNamespace(namespace).withName(policy).get();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            return SidecarEmbedding.DEFAULTS; // e.g. not allowed to read policies there: the keys still count
        }
        if (rp == null || rp.getSpec() == null || rp.getSpec().embedder() == null) {
            return SidecarEmbedding.DEFAULTS;
        }
        return new SidecarEmbedding(rp.getSpec().embedderOrDefault(), null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
