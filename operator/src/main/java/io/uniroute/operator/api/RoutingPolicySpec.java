package io.uniroute.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** How to route among the backends it selects, learned from one prompt set. */
@ValidationRule(value = "self.strategy == 'cascade' || !has(self.cascade)",
        message = "cascade settings need strategy: cascade", reason = "FieldValueInvalid")
public record RoutingPolicySpec(
        @JsonPropertyDescription("Labels of the LLMBackends (same namespace) to route among; empty selects all")
        LabelSelector backendSelector,
        @Required @Size(min = 1, max = 253) @JsonPropertyDescription("Name of the PromptSet (same namespace)")
        String promptSetRef,
        @Pattern("^(cluster|learned-map|cascade)$") @Default("cluster") String strategy,
        @Pattern("^(auto|[1-9][0-9]{0,3})$")
        @JsonPropertyDescription("Number of clusters K, or auto; default min(8, prompts/5)")
        String clusters,
        @Pattern("^all-minilm-l6-v2-q$") @Default("all-minilm-l6-v2-q") String embedder,
        @Min(0) @Max(1000) @Default("0.2") @JsonPropertyDescription("λ: weight of the normalised cost against the error")
        Double costWeight,
        @Default("42") Long seed,
        @Min(0.1) @Max(0.5) @Default("0.3")
        @JsonPropertyDescription("Share of prompts held out to estimate the router's accuracy and cost")
        Double holdoutFraction,
        CascadeSpec cascade,
        FallbackSpec fallback,
        @JsonPropertyDescription("How many prompts each backend is profiled on") ProfilingBudget profiling) {

    public RoutingPolicySpec(LabelSelector backendSelector, String promptSetRef, String strategy, String clusters, String embedder,
            Double costWeight, Long seed, Double holdoutFraction, CascadeSpec cascade, FallbackSpec fallback) {
        this(backendSelector, promptSetRef, strategy, clusters, embedder, costWeight, seed, holdoutFraction, cascade, fallback, null);
    }

    /** The profiling budget per backend, or null for every prompt. */
    public Integer maxPromptsPerBackend() {
        return profiling == null ? null : profiling.maxPromptsPerBackend();
    }

    public String strategyOrDefault() {
        return strategy == null ? "cluster" : strategy;
    }

    public double costWeightOrDefault() {
        return costWeight == null ? 0.2 : costWeight;
    }

    public long seedOrDefault() {
        return seed == null ? 42L : seed;
    }

    public double holdoutFractionOrDefault() {
        return holdoutFraction == null ? 0.3 : holdoutFraction;
    }

    public String embedderOrDefault() {
        return embedder == null ? "all-minilm-l6-v2-q" : embedder;
    }
}
