package io.uniroute.operator.api;

/** The grader names a PromptSet accepts (io.uniroute.core.grading.Graders implements them; judge: operator.judging). */
public final class Graders {
    /** Grades by asking the PromptSet's judge (spec.judge); the reference is optional for it. */
    public static final String JUDGE = "judge";
    public static final String PATTERN = "^(exact|choice|numeric|regex|contains|f1|judge)$";

    private Graders() {
    }
}
