package io.uniroute.core.grading;

import java.util.List;
import java.util.Locale;

/** The graders by name, as a PromptSet names them. */
public final class Graders {

    public static final List<String> NAMES = List.of("exact", "choice", "numeric", "regex", "contains", "f1");
    public static final double DEFAULT_NUMERIC_TOLERANCE = 1e-6;
    public static final double DEFAULT_F1_THRESHOLD = 0.5;

    private Graders() {
    }

    /**
     * @param name one of {@link #NAMES}
     * @param parameter the numeric tolerance (relative) or the F1 threshold; null for the default
     * @throws IllegalArgumentException for an unknown name or a parameter out of range
     */
    public static Grader of(String name, Double parameter) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "exact" -> new ExactGrader();
            case "choice" -> new ChoiceGrader();
            case "numeric" -> new NumericGrader(parameter == null ? DEFAULT_NUMERIC_TOLERANCE : parameter);
            case "regex" -> new RegexGrader();
            case "contains" -> new ContainsGrader();
            case "f1" -> new F1Grader(parameter == null ? DEFAULT_F1_THRESHOLD : parameter);
            default -> throw new IllegalArgumentException("unknown grader '" + name + "' (known: " + String.join(", ", NAMES) + ")");
        };
    }

    /** Checks a reference before any model is asked, so a bad regex is reported, not graded wrong. */
    public static void validateReference(String name, String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("reference answer is empty");
        }
        if ("regex".equalsIgnoreCase(name == null ? "" : name.trim())) {
            RegexGrader.compile(reference);
        }
    }
}
