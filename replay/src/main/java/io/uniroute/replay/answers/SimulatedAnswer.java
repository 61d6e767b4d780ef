package io.uniroute.replay.answers;

/**
 * What a simulated model answers to one prompt. {@code known}: the prompt is in the dataset;
 * {@code correct}: the answer grades as right (for a known prompt, the model's recorded score ≥ 0.5;
 * for an unknown one, a seeded draw at the model's overall accuracy).
 */
public record SimulatedAnswer(String promptId, boolean known, boolean correct, String text) {
}
