package io.uniroute.core.grading;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numeric answers: the number the model states last in its final-answer span (\boxed{}, "answer
 * is", "####", bold), else the last number of the whole answer, compared with the reference's
 * number within a relative tolerance. Reads "1,234", "$12.50", "-3", "3/4" and "25%".
 */
final class NumericGrader implements Grader {

    private static final Pattern NUMBER = Pattern.compile(
            "-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|-?\\d+(?:\\.\\d+)?(?:\\s*/\\s*\\d+(?:\\.\\d+)?)?|-?\\.\\d+");

    private final double tolerance;

    NumericGrader(double tolerance) {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("numeric tolerance must be >= 0, was " + tolerance);
        }
        this.tolerance = tolerance;
    }

    @Override
    public String name() {
        return "numeric";
    }

    @Override
    public boolean isCorrect(String answer, String reference) {
        OptionalDouble ref = lastNumber(reference);
        if (ref.isEmpty()) {
            return false;
        }
        OptionalDouble got = statedNumber(answer);
        if (got.isEmpty()) {
            return false;
        }
        double r = ref.getAsDouble();
        return Math.abs(got.getAsDouble() - r) <= tolerance * Math.max(1.0, Math.abs(r));
    }

    static OptionalDouble statedNumber(String answer) {
        if (answer == null) {
            return OptionalDouble.empty();
        }
        var spans = AnswerText.candidates(answer);
        for (String span : spans.subList(0, spans.size() - 1)) {
            OptionalDouble n = lastNumber(span);
            if (n.isPresent()) {
                return n;
            }
        }
        return lastNumber(answer);
    }

    static OptionalDouble lastNumber(String text) {
        if (text == null) {
            return OptionalDouble.empty();
        }
        Matcher m = NUMBER.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        if (last == null) {
            return OptionalDouble.empty();
        }
        String s = last.replace(",", "").replaceAll("\\s", "");
        try {
            int slash = s.indexOf('/');
            if (slash > 0) {
                double den = Double.parseDouble(s.substring(slash + 1));
                return den == 0 ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(s.substring(0, slash)) / den);
            }
            return OptionalDouble.of(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }
}
