package io.uniroute.core.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.uniroute.core.hashing.Sha256;
import java.util.HashSet;
import java.util.Set;

/**
 * The versioned JSON form of a {@link RoutingTable}: the one place that writes, reads and validates
 * it, so the operator and the sidecar cannot disagree.
 */
public final class RoutingTableJson {

    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public String write(RoutingTable table) {
        validate(table);
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(table);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise routing table", e);
        }
    }

    /** Parses and validates; any problem is an {@link InvalidRoutingTableException}. */
    public RoutingTable read(String json) {
        RoutingTable table;
        try {
            table = mapper.readValue(json, RoutingTable.class);
        } catch (JsonProcessingException e) {
            throw new InvalidRoutingTableException("routing table is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (table == null) {
            throw new InvalidRoutingTableException("routing table is empty");
        }
        validate(table);
        return table;
    }

    /** SHA-256 of the JSON form: the table's version, shown in annotations, status and headers. */
    public String hash(RoutingTable table) {
        return sha256(write(table));
    }

    public static String sha256(String text) {
        return Sha256.hex(text);
    }

    public static void validate(RoutingTable t) {
        require(t.schemaVersion() == RoutingTable.SCHEMA_VERSION,
                "unsupported schemaVersion " + t.schemaVersion() + " (this build reads " + RoutingTable.SCHEMA_VERSION + ")");
        require(notBlank(t.policy()), "policy is missing");
        require(Set.of(RoutingTable.STRATEGY_CLUSTER, RoutingTable.STRATEGY_LEARNED_MAP, RoutingTable.STRATEGY_CASCADE)
                .contains(t.strategy()), "unknown strategy " + t.strategy());
        require(t.embedder() != null && notBlank(t.embedder().id()) && t.embedder().dimension() > 0,
                "embedder id and dimension are required");
        String embedText = t.embedder().embedTextOrDefault();
        require(Set.of("last-user", "all-user", "all").contains(embedText),
                "embedder embedText must be last-user, all-user or all, was " + embedText);
        if (t.embedder().template() != null) {
            try {
                t.embedder().template().toSharedTemplate();
            } catch (IllegalArgumentException e) {
                throw new InvalidRoutingTableException("embedder template: " + e.getMessage());
            }
        }
        var map = t.clusterMap();
        require(map != null && map.vectors() != null && map.vectors().length > 0, "cluster map has no vectors");
        require(RoutingTable.ClusterMapSpec.NEAREST_CENTROID.equals(map.type())
                || RoutingTable.ClusterMapSpec.SOFTMAX.equals(map.type()), "unknown cluster map type " + map.type());
        int k = map.vectors().length;
        for (float[] v : map.vectors()) {
            require(v != null && v.length == t.embedder().dimension(),
                    "cluster vectors must have the embedder's dimension " + t.embedder().dimension());
            for (float f : v) {
                require(Float.isFinite(f), "cluster vectors hold a non-finite number");
            }
        }
        require(t.backends() != null && !t.backends().isEmpty(), "table has no backend");
        Set<String> names = new HashSet<>();
        for (var b : t.backends()) {
            require(notBlank(b.name()), "a backend has no name");
            require(names.add(b.name()), "duplicate backend " + b.name());
            require(notBlank(b.endpoint()) && (b.endpoint().startsWith("http://") || b.endpoint().startsWith("https://")),
                    "backend " + b.name() + " has no http(s) endpoint");
            require(b.psi() != null && b.psi().length == k, "backend " + b.name() + " has a Ψ of the wrong length (want " + k + ")");
            for (double p : b.psi()) {
                require(p >= 0 && p <= 1, "backend " + b.name() + " has a Ψ entry outside [0, 1]");
            }
            require(b.costPerQueryUsd() >= 0 && Double.isFinite(b.costPerQueryUsd()), "backend " + b.name() + " has a negative cost");
            require(b.normalizedCost() >= 0 && b.normalizedCost() <= 1, "backend " + b.name() + " has a normalised cost outside [0, 1]");
            require(b.timeoutMillis() == null || b.timeoutMillis() > 0, "backend " + b.name() + " has a timeout <= 0");
        }
        require(t.costWeight() >= 0 && Double.isFinite(t.costWeight()), "costWeight must be >= 0");
        if (RoutingTable.STRATEGY_CASCADE.equals(t.strategy())) {
            var c = t.cascade();
            require(c != null && c.stages() != null && !c.stages().isEmpty(), "a cascade table needs stages");
            for (String s : c.stages()) {
                require(names.contains(s), "cascade stage " + s + " is not a backend of the table");
            }
            require(c.maxStages() >= 1, "cascade maxStages must be >= 1");
        }
        if (t.fallback() != null) {
            require(t.fallback().maxAttempts() >= 1, "fallback maxAttempts must be >= 1");
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new InvalidRoutingTableException(message);
        }
    }
}
