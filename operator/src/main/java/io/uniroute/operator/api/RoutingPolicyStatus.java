package io.uniroute.operator.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What was published and how well it is expected to route. */
public record RoutingPolicyStatus(
        Long observedGeneration,
        List<Condition> conditions,
        List<String> routableBackends,
        List<String> pendingBackends,
        PublishedTable table,
        RouterEstimate estimate) {

    public RoutingPolicyStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        routableBackends = routableBackends == null ? List.of() : List.copyOf(routableBackends);
        pendingBackends = pendingBackends == null ? List.of() : List.copyOf(pendingBackends);
    }

    /** The ConfigMap holding routing.json and the table's SHA-256. */
    public record PublishedTable(String configMap, String hash, Integer clusters, String promptSetHash, String publishedAt) {
    }

    /**
     * Accuracy and cost per query of the router at the policy's λ and of each backend alone, on
     * {@code heldOutPrompts} prompts that were not used to compute Ψ.
     */
    public record RouterEstimate(Integer heldOutPrompts, Double costWeight, Outcome router, List<BackendOutcome> backends) {
        public RouterEstimate {
            backends = backends == null ? List.of() : List.copyOf(backends);
        }
    }

    public record Outcome(Double accuracy, Double costPerQueryUsd) {
    }

    public record BackendOutcome(String name, Double accuracy, Double costPerQueryUsd, Double routedShare) {
    }
}
