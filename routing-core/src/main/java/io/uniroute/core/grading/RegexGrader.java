package io.uniroute.core.grading;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The reference is a regular expression searched in the answer (case-insensitive, dot matches newline). */
final class RegexGrader implements Grader {

    private final Map<String, Pattern> compiled = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "regex";
    }

    @Override
    public boolean isCorrect(String answer, String reference) {
        if (answer == null || reference == null) {
            return false;
        }
        return compiled.computeIfAbsent(reference, RegexGrader::compile).matcher(answer).find();
    }

    static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression " + regex + ": " + e.getDescription(), e);
        }
    }
}
