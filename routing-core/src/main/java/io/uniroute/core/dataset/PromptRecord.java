package io.uniroute.core.dataset;

import java.util.List;
import java.util.Map;

/**
 * One line of {@code prompts.jsonl}: a prompt and the recorded quality (score in [0, 1], 1 = right)
 * of each model's answer to it. {@code costUsd} is empty when the dataset does not record it.
 */
public record PromptRecord(
        String id,
        String task,
        String prompt,
        String reference,
        List<String> choices,
        String metric,
        String split,
        Map<String, Double> scores,
        Map<String, Double> costUsd) {

    public PromptRecord {
        choices = choices == null ? null : List.copyOf(choices);
        scores = Map.copyOf(scores);
        costUsd = costUsd == null ? Map.of() : Map.copyOf(costUsd);
    }

    /** 0-1 style error of the model on this prompt: 1 − score. */
    public double error(String model) {
        Double score = scores.get(model);
        if (score == null) {
            throw new IllegalArgumentException("prompt " + id + " has no score for model " + model);
        }
        return 1.0 - score;
    }
}
