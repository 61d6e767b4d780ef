package io.uniroute.core.grading;

/**
 * Decides whether a model's free-text answer matches a reference answer. Graders read answers the
 * way real models write them: with a preamble, markdown, and the answer at the end. Thread-safe.
 */
public interface Grader {

    /** The name used in a PromptSet ({@code exact}, {@code choice}, …). */
    String name();

    boolean isCorrect(String answer, String reference);
}
