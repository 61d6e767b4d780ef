package io.uniroute.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A backend's profile on one prompt set: one correctness bit per prompt (base64 bitsets, prompt i
 * is bit i), plus running sums so an interrupted profile resumes exactly where it stopped.
 * {@code promptSetHash} and {@code modelKey} say what it was measured on; a change of either
 * starts a new profile.
 */
public record PromptSetProfile(
        String promptSet,
        String promptSetHash,
        String modelKey,
        Integer prompts,
        Integer completed,
        String answeredBits,
        String correctBits,
        Long totalLatencyMillis,
        Long totalInputTokens,
        Long totalOutputTokens,
        Double accuracy,
        Double meanLatencyMillis,
        Double meanInputTokens,
        Double meanOutputTokens,
        Double costPerQueryUsd,
        String startedAt,
        String completedAt,
        @JsonPropertyDescription("Prompts chosen under the policies' budget (base64 bitset); unset: every prompt")
        String selectedBits,
        @JsonPropertyDescription("How many prompts are profiled (the budget's choice, or every prompt)") Integer selected,
        @JsonPropertyDescription("Answers the judge gave no usable verdict on (base64 bitset); Ψ ignores them")
        String ungradedBits,
        Integer ungraded,
        @JsonPropertyDescription("The judge's spend, apart from the backend's own") JudgeSpend judge) {

    public PromptSetProfile(String promptSet, String promptSetHash, String modelKey, Integer prompts, Integer completed,
            String answeredBits, String correctBits, Long totalLatencyMillis, Long totalInputTokens, Long totalOutputTokens,
            Double accuracy, Double meanLatencyMillis, Double meanInputTokens, Double meanOutputTokens, Double costPerQueryUsd,
            String startedAt, String completedAt) {
        this(promptSet, promptSetHash, modelKey, prompts, completed, answeredBits, correctBits, totalLatencyMillis, totalInputTokens,
                totalOutputTokens, accuracy, meanLatencyMillis, meanInputTokens, meanOutputTokens, costPerQueryUsd, startedAt,
                completedAt, null, null, null, null, null);
    }

    /** How many prompts this profile is to answer: the budget's choice, or all. */
    public int target() {
        return selected != null ? selected : prompts == null ? 0 : prompts;
    }

    public boolean complete() {
        return prompts != null && completed != null && prompts > 0 && completed == target();
    }
}
