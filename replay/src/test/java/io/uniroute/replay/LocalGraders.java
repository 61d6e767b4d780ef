package io.uniroute.replay;

import io.uniroute.replay.answers.GradedPrompt;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Simple graders with the PromptSet's names, for these tests only: the project's graders live in
 * routing-core (io.uniroute.core.grading) and are tested there. These follow the usual rules:
 * choice = the label in "(X)" or after "answer is"; numeric = the last number; contains / exact on
 * lower-cased, whitespace-collapsed text.
 */
final class LocalGraders {

    private static final Pattern CHOICE = Pattern.compile("\\(([A-J1-9])\\)|answer is:?\\s*([A-J1-9])\\b");
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(\\.\\d+)?");

    private LocalGraders() {
    }

    static boolean grade(GradedPrompt spec, String answer) {
        return switch (spec.grader()) {
            case GradedPrompt.CHOICE -> {
                Matcher m = CHOICE.matcher(answer);
                yield m.find() && spec.reference().equals(m.group(1) != null ? m.group(1) : m.group(2));
            }
            case GradedPrompt.NUMERIC -> {
                Matcher m = NUMBER.matcher(answer);
                String last = null;
                while (m.find()) {
                    last = m.group();
                }
                yield last != null && new BigDecimal(last.replace(",", "")).compareTo(new BigDecimal(spec.reference())) == 0;
            }
            case GradedPrompt.CONTAINS -> norm(answer).contains(norm(spec.reference()));
            case GradedPrompt.EXACT -> norm(answer).equals(norm(spec.reference()));
            default -> throw new IllegalArgumentException("grader " + spec.grader());
        };
    }

    private static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }
}
