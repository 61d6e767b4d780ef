package io.uniroute.core.grading;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token F1 (SQuAD normalisation) between the reference and the best candidate span of the answer,
 * correct when it reaches the threshold. Long answers with a preamble are judged on their final
 * answer span, so verbosity alone does not sink a right answer.
 */
final class F1Grader implements Grader {

    private final double threshold;

    F1Grader(double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("f1 threshold must be in (0, 1], was " + threshold);
        }
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return "f1";
    }

    @Override
    public boolean isCorrect(String answer, String reference) {
        List<String> ref = AnswerText.tokens(reference);
        if (ref.isEmpty()) {
            return false;
        }
        double best = 0;
        for (String candidate : AnswerText.candidates(answer)) {
            best = Math.max(best, f1(AnswerText.tokens(candidate), ref));
        }
        return best >= threshold;
    }

    static double f1(List<String> predicted, List<String> reference) {
        if (predicted.isEmpty() || reference.isEmpty()) {
            return 0;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String t : reference) {
            counts.merge(t, 1, Integer::sum);
        }
        int common = 0;
        for (String t : predicted) {
            Integer c = counts.get(t);
            if (c != null && c > 0) {
                common++;
                counts.put(t, c - 1);
            }
        }
        if (common == 0) {
            return 0;
        }
        double precision = (double) common / predicted.size();
        double recall = (double) common / reference.size();
        return 2 * precision * recall / (precision + recall);
    }
}
