package io.uniroute.core.grading.judge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fixed, versioned prompt the {@code judge} grader sends ({@code judge-prompt-v1.txt}; the
 * reasons for its wording are in {@code judge-prompt-v1.md} next to it). The material to grade goes
 * between {@code [BEGIN X]} / {@code [END X]} lines (TASK, REFERENCE or RUBRIC, ANSWER); marker-like
 * text inside the material is defused so it cannot close a section. It names no backend or model:
 * the judge never learns who wrote the answer.
 *
 * <p>{@link #sections} reads a rendered prompt back; the replay judge (a simulation) uses it.
 */
public final class JudgePrompt {

    /** Part of every cached verdict's key: a new wording is a new version, never an edit. */
    public static final String VERSION = "v1";
    public static final String TASK = "TASK";
    public static final String REFERENCE = "REFERENCE";
    public static final String RUBRIC = "RUBRIC";
    public static final String ANSWER = "ANSWER";

    private static final Pattern BEGIN = Pattern.compile("(?m)^\\[BEGIN ([A-Z]+)]\n");
    private static final String TEMPLATE = resource("judge-prompt-" + VERSION + ".txt");
    private static final Map<String, String> CRITERIA = criteria(resource("judge-prompt-" + VERSION + ".criteria"));

    private JudgePrompt() {
    }

    /**
     * @param task      the prompt as the backend saw it (one user message, or a role-tagged transcript)
     * @param reference the reference answer, or null for an open-ended entry
     * @param rubric    what a good answer does, used when there is no reference; may be null
     * @param answer    the backend's answer
     */
    public static String render(String task, String reference, String rubric, String answer) {
        boolean hasReference = reference != null && !reference.isBlank();
        boolean hasRubric = !hasReference && rubric != null && !rubric.isBlank();
        String criterion = hasReference ? CRITERIA.get("with-reference")
                : CRITERIA.get("without-reference").replace("{{RUBRIC_HINT}}", hasRubric ? CRITERIA.get("rubric-hint") : "");
        StringBuilder sections = new StringBuilder();
        section(sections, TASK, task);
        if (hasReference) {
            section(sections, REFERENCE, reference);
        } else if (hasRubric) {
            section(sections, RUBRIC, rubric);
        }
        section(sections, ANSWER, answer == null ? "" : answer);
        return TEMPLATE.replace("{{CRITERION}}", criterion).replace("{{SECTIONS}}", sections.toString().stripTrailing());
    }

    /** The sections of a rendered judge prompt by name (TASK, ANSWER, …); empty when it is not one. */
    public static Optional<Map<String, String>> sections(String prompt) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher begin = BEGIN.matcher(prompt);
        int from = 0;
        while (begin.find(from)) {
            String name = begin.group(1);
            String endMarker = "\n[END " + name + "]";
            int end = prompt.indexOf(endMarker, begin.end());
            if (end < 0) {
                break;
            }
            out.put(name, prompt.substring(begin.end(), end));
            from = end + endMarker.length();
        }
        return out.containsKey(TASK) && out.containsKey(ANSWER) ? Optional.of(out) : Optional.empty();
    }

    /** Marker-like text in the material cannot open or close a section. */
    static String defuse(String text) {
        return text.replace("[BEGIN ", "(BEGIN ").replace("[END ", "(END ");
    }

    private static void section(StringBuilder out, String name, String text) {
        out.append("[BEGIN ").append(name).append("]\n").append(defuse(text)).append("\n[END ").append(name).append("]\n");
    }

    private static Map<String, String> criteria(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                out.put(line.substring(0, colon).strip(), line.substring(colon + 2));
            }
        }
        for (String key : new String[] {"with-reference", "without-reference", "rubric-hint"}) {
            if (!out.containsKey(key)) {
                throw new IllegalStateException("judge prompt " + VERSION + " criteria lack '" + key + "'");
            }
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = JudgePrompt.class.getResourceAsStream("/io/uniroute/core/grading/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
