package io.uniroute.operator.injection;

import io.uniroute.core.table.RoutingTable.ApiKeyRef;
import java.util.List;
import java.util.Optional;

/** The API keys a policy's published routing table names; empty when no table is published yet. */
@FunctionalInterface
public interface ApiKeyLookup {

    Optional<List<ApiKeyRef>> apiKeys(String namespace, String policy);

    /** The embedder and embed-text the policy's tables are made with; {@link SidecarEmbedding#DEFAULTS} when not known. */
    default SidecarEmbedding embedding(String namespace, String policy) {
        return SidecarEmbedding.DEFAULTS;
    }
}
