package io.uniroute.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * How much profiling a policy pays per backend. On the policy, not the LLMBackend: the prompts are
 * chosen stratified by the policy's clusters, and it is the policy's owner who trades routing
 * quality for profiling cost; a backend serving several policies over one prompt set is profiled
 * once on the union of their choices.
 */
public record ProfilingBudget(
        @Min(1) @Max(20000)
        @JsonPropertyDescription("Profile each backend on at most this many prompts of the prompt set, chosen stratified by "
                + "the policy's clusters (a fair share per cluster, at least 3 in each), seeded by spec.seed; unset: every prompt")
        Integer maxPromptsPerBackend) {
}
