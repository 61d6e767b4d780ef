package io.uniroute.replay.answers;

import java.util.Objects;

/**
 * One dataset prompt as a PromptSet entry that grades the replay simulation faithfully: the user
 * {@code message} to send, the {@code grader} to use and its {@code reference}. Grading a replay
 * model's answer to {@code message} with {@code grader} against {@code reference} returns exactly
 * that model's recorded result (score ≥ 0.5 = right).
 *
 * <p>Grader names are the PromptSet's: {@value #CHOICE}, {@value #NUMERIC}, {@value #CONTAINS}
 * ({@value #EXACT} also holds for every right answer of kind contains, since it is the reference itself).
 */
public record GradedPrompt(String id, String task, String message, String grader, String reference) {

    public static final String EXACT = "exact";
    public static final String CHOICE = "choice";
    public static final String NUMERIC = "numeric";
    public static final String CONTAINS = "contains";

    public GradedPrompt {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(grader, "grader");
        Objects.requireNonNull(reference, "reference");
    }
}
