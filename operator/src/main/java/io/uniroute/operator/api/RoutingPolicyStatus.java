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
        RouterEstimate estimate,
        MapFit fit) {

    public RoutingPolicyStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        routableBackends = routableBackends == null ? List.of() : List.copyOf(routableBackends);
        pendingBackends = pendingBackends == null ? List.of() : List.copyOf(pendingBackends);
    }

    /**
     * What the cluster map was fitted from, frozen until the prompt set or the spec changes: K (chosen
     * by Area when clusters is auto) and, for learned-map, θ were fitted with the backends in
     * {@code fittedOn}; a backend that joins later only gets its Ψ, as UniRoute prescribes.
     * {@code psiPriorStrength}: the empirical-Bayes prior strength m every Ψ is shrunk with, fitted on
     * the same backends and frozen with them.
     */
    public record MapFit(String promptSetHash, Long generation, Integer clusters, String clusterMap, List<String> fittedOn,
            String selection, Double psiPriorStrength) {
        public MapFit {
            fittedOn = fittedOn == null ? List.of() : List.copyOf(fittedOn);
        }

        public MapFit(String promptSetHash, Long generation, Integer clusters, String clusterMap, List<String> fittedOn,
                String selection) {
            this(promptSetHash, generation, clusters, clusterMap, fittedOn, selection, null);
        }
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
