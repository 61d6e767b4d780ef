package io.uniroute.core.grading;

/** The normalised reference appears in the normalised answer, on word boundaries. */
final class ContainsGrader implements Grader {

    @Override
    public String name() {
        return "contains";
    }

    @Override
    public boolean isCorrect(String answer, String reference) {
        String ref = AnswerText.normalize(reference);
        if (ref.isEmpty()) {
            return false;
        }
        return (" " + AnswerText.normalize(answer) + " ").contains(" " + ref + " ");
    }
}
