package io.uniroute.core.grading;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text helpers shared by the graders: markdown stripping, normalisation, final-answer extraction. */
final class AnswerText {

    private static final Pattern FINAL_ANSWER = Pattern.compile(
            "(?:final answer|the answer is|answer is|answer:|answer\\s*=|####)\\s*[:：]?\\s*(.+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BOXED = Pattern.compile("\\\\boxed\\{([^{}]*)}");
    private static final Pattern BOLD = Pattern.compile("\\*\\*([^*]+)\\*\\*");
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");

    private AnswerText() {
    }

    /** Removes markdown emphasis, headings, code fences and LaTeX wrappers, keeping the words. */
    static String stripMarkdown(String text) {
        if (text == null) {
            return "";
        }
        String s = text.replace("```", " ").replace("`", "");
        s = s.replaceAll("(?m)^\\s{0,3}#{1,6}\\s*", "");
        s = s.replaceAll("(?m)^\\s*[-*>]\\s+", "");
        s = s.replace("**", "").replace("__", "");
        s = s.replaceAll("\\\\boxed\\{([^{}]*)}", "$1").replaceAll("\\\\text\\{([^{}]*)}", "$1");
        s = s.replace("$", "");
        return s.trim();
    }

    /** SQuAD-style normalisation: lower case, no accents, no punctuation, no articles, single spaces. */
    static String normalize(String text) {
        String s = Normalizer.normalize(stripMarkdown(text), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        s = s.toLowerCase(Locale.ROOT).replaceAll("[\\p{Punct}’‘“”]", " ");
        s = ARTICLES.matcher(s).replaceAll(" ");
        return s.replaceAll("\\s+", " ").trim();
    }

    static List<String> tokens(String text) {
        String n = normalize(text);
        return n.isEmpty() ? List.of() : Arrays.asList(n.split(" "));
    }

    /**
     * The spans of an answer that may hold the final answer, most specific first: \boxed{…}, the
     * text after the last "answer is"/"Answer:"/"####", bold spans, the last non-empty line, the whole.
     */
    static List<String> candidates(String answer) {
        List<String> out = new ArrayList<>();
        if (answer == null) {
            return out;
        }
        Matcher boxed = BOXED.matcher(answer);
        String lastBoxed = null;
        while (boxed.find()) {
            lastBoxed = boxed.group(1);
        }
        if (lastBoxed != null) {
            out.add(lastBoxed);
        }
        Matcher fin = FINAL_ANSWER.matcher(answer);
        String lastFinal = null;
        while (fin.find()) {
            lastFinal = fin.group(1);
        }
        if (lastFinal != null) {
            out.add(firstSentence(lastFinal));
            out.add(lastFinal);
        }
        Matcher bold = BOLD.matcher(answer);
        while (bold.find()) {
            out.add(bold.group(1));
        }
        String[] lines = answer.strip().split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                out.add(lines[i]);
                break;
            }
        }
        out.add(answer);
        return out;
    }

    private static String firstSentence(String s) {
        String line = s.strip().split("\\R", 2)[0];
        // "Paris. It is the capital" -> "Paris"; a decimal point (3.5) is followed by a digit, not a space
        Matcher m = Pattern.compile("^(.*?)\\.(\\s|$)").matcher(line);
        return m.find() ? m.group(1) : line;
    }
}
