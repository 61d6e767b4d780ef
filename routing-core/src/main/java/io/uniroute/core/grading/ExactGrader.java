package io.uniroute.core.grading;

/**
 * Exact match after normalisation (case, punctuation, articles, markdown), against the final
 * answer a model states ("The answer is Paris.", "**Paris**", the last line) or the whole answer.
 */
final class ExactGrader implements Grader {

    @Override
    public String name() {
        return "exact";
    }

    @Override
    public boolean isCorrect(String answer, String reference) {
        String ref = AnswerText.normalize(reference);
        if (ref.isEmpty()) {
            return false;
        }
        for (String candidate : AnswerText.candidates(answer)) {
            if (AnswerText.normalize(candidate).equals(ref)) {
                return true;
            }
        }
        return false;
    }
}
