package io.uniroute.core.grading;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Multiple choice: finds the letter a model chose in free text ("The answer is (B).",
 * "**C**", "Answer: D) Mitochondria", "B. because…") and compares it with the reference letter.
 * An explicit answer cue wins over a letter the reasoning merely mentions.
 */
final class ChoiceGrader implements Grader {

    private static final String LETTER = "([A-J])";
    private static final List<Pattern> IN_ORDER = List.of(
            // "answer is (B)", "Answer: **C**", "correct option is D", "final answer: B"
            Pattern.compile("(?i:answer|option|choice)(?:\\s+(?i:is|would be|should be))?\\s*[:=\\-]?\\s*(?i:option\\s+)?[*_\\s]*[(\\[]?"
                    + LETTER + "(?![A-Za-z])"),
            // "\boxed{B}"
            Pattern.compile("\\\\boxed\\{\\s*\\(?" + LETTER + "\\)?\\s*}"),
            // "**B**", "**(B)**", "**B.**", "**B) text**"
            Pattern.compile("\\*\\*\\s*[(\\[]?" + LETTER + "(?:[).:\\]]|\\*\\*|\\s)"),
            // the answer opens with the letter: "B", "(B)", "B) text", "B. text", "B: text"
            Pattern.compile("\\A\\s*[(\\[]?" + LETTER + "(?:[).:\\]]|\\s|\\z)"),
            // a line that is only the letter
            Pattern.compile("(?m)^\\s*[(\\[]?" + LETTER + "[).\\]]?\\s*$"),
            // "(B)" anywhere
            Pattern.compile("[(\\[]" + LETTER + "[)\\]]"));

    @Override
    public String name() {
        return "choice";
    }

    @Override
    public boolean isCorrect(String answer, String reference) {
        Optional<String> ref = letterOf(reference);
        if (ref.isEmpty()) {
            // a reference that is the option's text rather than its letter
            return new ExactGrader().isCorrect(answer, reference);
        }
        return chosenLetter(answer).map(ref.get()::equals).orElse(false);
    }

    /** The letter the answer chose; the last match of the most specific pattern that matches. */
    static Optional<String> chosenLetter(String answer) {
        if (answer == null) {
            return Optional.empty();
        }
        for (Pattern p : IN_ORDER) {
            Matcher m = p.matcher(answer);
            String last = null;
            while (m.find()) {
                last = m.group(1);
            }
            if (last != null) {
                return Optional.of(last);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> letterOf(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile("\\A\\s*[(\\[]?([A-Ja-j])(?:[).:\\]]|\\s|\\z)").matcher(reference.strip());
        return m.find() ? Optional.of(m.group(1).toUpperCase(java.util.Locale.ROOT)) : Optional.empty();
    }
}
