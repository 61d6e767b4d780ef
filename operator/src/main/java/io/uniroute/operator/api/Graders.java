package io.uniroute.operator.api;

/** The grader names a PromptSet accepts (io.uniroute.core.grading.Graders implements them). */
public final class Graders {
    public static final String PATTERN = "^(exact|choice|numeric|regex|contains|f1)$";

    private Graders() {
    }
}
