package io.uniroute.operator.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.uniroute.core.table.RoutingTable.ApiKeyRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the API key references from the ConfigMap {@code <policy>-routing} the operator publishes.
 * Reads only names (Secret, key, file, env), never a Secret itself. Parsed leniently (only
 * {@code backends[].apiKey}): the webhook must not refuse a pod over a table field it does not use.
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

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
