package io.uniroute.operator.injection;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.core.table.RoutingTable.ApiKeyRef;
import io.uniroute.core.table.RoutingTableJson;
import java.util.List;

/** routing.json documents as the operator publishes them, written by routing-core's RoutingTableJson. */
public final class RoutingTables {

    private RoutingTables() {
    }

    /** A valid table as the operator publishes it: two backends with keys, one without. */
    public static String withKeys(String policy, String namespace) {
        return new RoutingTableJson().write(new RoutingTable(RoutingTable.SCHEMA_VERSION, policy, namespace,
                RoutingTable.STRATEGY_CLUSTER, new RoutingTable.EmbedderRef("all-minilm-l6-v2-q", 2),
                new RoutingTable.ClusterMapSpec(RoutingTable.ClusterMapSpec.NEAREST_CENTROID,
                        new float[][] {{1f, 0f}, {0f, 1f}}),
                List.of(
                        new RoutingTable.Backend("gpt-small", "https://api.openai.com/v1", "gpt-4o-mini",
                                new double[] {0.3, 0.4}, 0.0002, 0.1, 0.7,
                                new ApiKeyRef("openai-key", "api-key", null, "openai-key/api-key")),
                        new RoutingTable.Backend("claude", "https://api.anthropic.com/v1", "claude-sonnet",
                                new double[] {0.1, 0.2}, 0.002, 1.0, 0.85,
                                new ApiKeyRef("anthropic-key", "token", "ANTHROPIC_API_KEY", null)),
                        new RoutingTable.Backend("local", "http://vllm.models:8000/v1", "llama",
                                new double[] {0.5, 0.6}, 0.0, 0.0, 0.45, null)),
                0.5, null, null, "2026-11-24T15:00:00Z"));
    }
}
