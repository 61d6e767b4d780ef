package io.uniroute.sidecar.table;

import io.uniroute.core.embedding.SharedTemplate;
import io.uniroute.core.routing.ClusterErrorEstimator;
import io.uniroute.core.table.RoutingTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated routing table with what every request needs precomputed: the estimator, costs, the
 * backends by name and their resolved API keys. Immutable; shared by all event loops.
 *
 * @param keys     backend name → API key (a secret: never log this record's keys)
 * @param template the text the operator stripped from every prompt before embedding (to strip from requests)
 */
public record LoadedTable(
        String source,
        String hash,
        RoutingTable table,
        ClusterErrorEstimator estimator,
        double[] normalizedCosts,
        double[] costsUsd,
        Map<String, Integer> indexByName,
        Map<String, String> keys,
        SharedTemplate template) {

    public static LoadedTable of(String source, String hash, RoutingTable table, Map<String, String> keys) {
        List<RoutingTable.Backend> backends = table.backends();
        Map<String, Integer> index = new HashMap<>();
        double[] usd = new double[backends.size()];
        for (int i = 0; i < backends.size(); i++) {
            index.put(backends.get(i).name(), i);
            usd[i] = backends.get(i).costPerQueryUsd();
        }
        return new LoadedTable(source, hash, table, table.estimator(), table.normalizedCosts(), usd,
                Map.copyOf(index), Map.copyOf(keys), table.embedder().sharedTemplate());
    }

    /**
     * The text the table's embeddings compare with: {@code text} without the template the operator
     * stripped from the table's prompts (unchanged when the text does not carry it). A hash of at
     * most a few KB: cheap enough for an event loop.
     */
    public String embeddingText(String text) {
        return template.strip(text);
    }

    public String policy() {
        return table.policy();
    }

    public RoutingTable.Backend backend(int i) {
        return table.backends().get(i);
    }

    @Override
    public String toString() { // the record's default would print the keys
        return "LoadedTable[" + table.policy() + " from " + source + ", " + hash.substring(0, 12) + "]";
    }
}
