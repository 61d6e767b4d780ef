package io.uniroute.operator.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * {@code phase} is a summary for {@code kubectl get}: Pending, Profiling, Ready, Failed, Invalid or
 * Idle; the conditions ({@code Profiled}, {@code Ready}, {@code Degraded}) carry the detail.
 */
public record LLMBackendStatus(
        Long observedGeneration,
        String phase,
        List<Condition> conditions,
        Double accuracy,
        Double costPer1kQueriesUsd,
        List<PromptSetProfile> profiles,
        Integer consecutiveFailures) {

    public LLMBackendStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
    }
}
