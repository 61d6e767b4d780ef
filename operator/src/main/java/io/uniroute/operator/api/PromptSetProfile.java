package io.uniroute.operator.api;

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
        String completedAt) {

    public boolean complete() {
        return prompts != null && completed != null && prompts > 0 && completed.equals(prompts);
    }
}
