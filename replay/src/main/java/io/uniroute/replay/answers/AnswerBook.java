package io.uniroute.replay.answers;

import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.dataset.PromptRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The simulation's answers to every prompt of a format v1 dataset, and to prompts it does not know.
 * Immutable and thread-safe once built.
 *
 * <p>A known prompt is matched by its last user message, whitespace-normalised
 * ({@link TextNormalizer#matchKey}), against both the dataset's prompt text and the rendered
 * {@link GradedPrompt#message()} (which appends the options of a multiple-choice prompt).
 * A model answers a known prompt right when its recorded score is ≥ {@value #RIGHT_THRESHOLD}.
 * An unknown prompt gets a {@link AnswerKey.Kind#TOKEN} answer, right with probability equal to
 * the model's accuracy on the dataset (a draw seeded by prompt and model, so repeatable).
 */
public final class AnswerBook {

    public static final double RIGHT_THRESHOLD = 0.5;

    private static final Pattern LETTER = Pattern.compile("[A-J]");
    private static final Pattern DIGIT = Pattern.compile("[1-9]");
    private static final Pattern NUMBER = Pattern.compile("-?(\\d+(\\.\\d+)?|\\.\\d+)");
    private static final int MAX_TEXT_REFERENCE = 200;

    private final Dataset dataset;
    private final List<AnswerKey> keys;
    private final Map<String, AnswerKey> byText;
    private final Map<String, Double> accuracy;

    public AnswerBook(Dataset dataset) {
        this.dataset = dataset;
        Map<String, List<String>> textPools = new HashMap<>();
        for (PromptRecord p : dataset.prompts()) {
            String ref = textReference(p);
            if (ref != null) {
                textPools.computeIfAbsent(String.valueOf(p.task()), t -> new ArrayList<>()).add(ref);
            }
        }
        List<AnswerKey> built = new ArrayList<>();
        Map<String, AnswerKey> index = new HashMap<>();
        for (PromptRecord p : dataset.prompts()) {
            AnswerKey key = build(p, textPools.getOrDefault(String.valueOf(p.task()), List.of()));
            built.add(key);
            index.putIfAbsent(TextNormalizer.matchKey(p.prompt()), key);
            index.putIfAbsent(TextNormalizer.matchKey(key.graded().message()), key);
        }
        this.keys = List.copyOf(built);
        this.byText = Map.copyOf(index);
        Map<String, Double> acc = new LinkedHashMap<>();
        for (String m : dataset.modelNames()) {
            long scored = dataset.prompts().stream().filter(p -> p.scores().containsKey(m)).count();
            long right = keys.stream().filter(k -> k.isCorrect(m)).count();
            acc.put(m, scored == 0 ? 0.0 : (double) right / scored);
        }
        this.accuracy = Map.copyOf(acc);
    }

    public Dataset dataset() {
        return dataset;
    }

    /** One answer key per dataset prompt, in the dataset's order. */
    public List<AnswerKey> keys() {
        return keys;
    }

    /** The PromptSet entries (message, grader, reference) that recover each model's record; see {@link GradedPrompt}. */
    public List<GradedPrompt> gradedPrompts() {
        return keys.stream().map(AnswerKey::graded).toList();
    }

    /** Fraction of the dataset's prompts the model answers right (the rate used for unknown prompts). */
    public double accuracy(String model) {
        return accuracy.getOrDefault(model, 0.0);
    }

    public Optional<AnswerKey> lookup(String userMessage) {
        return Optional.ofNullable(byText.get(TextNormalizer.matchKey(userMessage)));
    }

    /** What {@code model} answers to {@code userMessage}, known or not. */
    public SimulatedAnswer answer(String model, String userMessage) {
        Optional<AnswerKey> key = lookup(userMessage);
        if (key.isPresent()) {
            return key.get().answer(model);
        }
        GradedPrompt graded = gradedUnknown(userMessage);
        boolean right = TextNormalizer.unit("unknown", graded.id(), model) < accuracy(model);
        String token = right ? graded.reference()
                : AnswerKey.token(TextNormalizer.hash("unknown-wrong", graded.id(), model));
        if (!right && token.equals(graded.reference())) {
            token = AnswerKey.token(TextNormalizer.hash("unknown-wrong2", graded.id(), model));
        }
        return new SimulatedAnswer(graded.id(), false, right, AnswerKey.tokenText(token));
    }

    /**
     * How to grade the answers to a prompt the dataset does not hold: every model that answers it
     * right answers with the same token ({@code contains} that token).
     */
    public static GradedPrompt gradedUnknown(String userMessage) {
        String key = TextNormalizer.matchKey(userMessage);
        String id = "unknown-" + String.format("%016x", TextNormalizer.hash("unknown-id", key));
        return new GradedPrompt(id, null, userMessage, GradedPrompt.CONTAINS,
                AnswerKey.token(TextNormalizer.hash("unknown-right", key)));
    }

    /** The grading of one dataset prompt, with no model behaviour attached. */
    public static GradedPrompt graded(PromptRecord p) {
        return build(p, List.of()).graded();
    }

    private static AnswerKey build(PromptRecord p, List<String> textPool) {
        Map<String, Boolean> correct = new HashMap<>();
        p.scores().forEach((m, s) -> correct.put(m, s >= RIGHT_THRESHOLD));
        String ref = p.reference() == null ? null : p.reference().strip();
        String metric = p.metric() == null ? "" : p.metric();

        List<String> labels = ref == null ? null : labels(ref, p.choices());
        if (labels != null) {
            GradedPrompt g = new GradedPrompt(p.id(), p.task(), choiceMessage(p.prompt(), labels, p.choices()),
                    GradedPrompt.CHOICE, ref);
            return new AnswerKey(g, AnswerKey.Kind.CHOICE, labels, null, List.of(), correct);
        }
        if (ref != null && (metric.equals("GSM8K") || metric.equals("MATH"))) {
            String finalAnswer = finalAnswer(ref, metric);
            BigDecimal n = number(finalAnswer);
            if (n != null) {
                GradedPrompt g = new GradedPrompt(p.id(), p.task(), p.prompt(), GradedPrompt.NUMERIC, n.toPlainString());
                return new AnswerKey(g, AnswerKey.Kind.NUMERIC, null, n, List.of(), correct);
            }
        }
        String text = textReference(p);
        if (text != null) {
            List<String> pool = textPool.stream().filter(t -> !t.equals(text)).toList();
            GradedPrompt g = new GradedPrompt(p.id(), p.task(), p.prompt(), GradedPrompt.CONTAINS, text);
            return new AnswerKey(g, AnswerKey.Kind.TEXT, null, null, pool, correct);
        }
        String token = AnswerKey.token(TextNormalizer.hash("right", p.id()));
        GradedPrompt g = new GradedPrompt(p.id(), p.task(), p.prompt(), GradedPrompt.CONTAINS, token);
        return new AnswerKey(g, AnswerKey.Kind.TOKEN, null, null, List.of(), correct);
    }

    /** The options' labels when the reference is one of them (A.. or 1..), else null. */
    private static List<String> labels(String ref, List<String> choices) {
        boolean letter = LETTER.matcher(ref).matches();
        boolean digit = DIGIT.matcher(ref).matches();
        if (!letter && !digit || (choices == null && digit)) {
            return null;
        }
        int refIndex = letter ? ref.charAt(0) - 'A' : ref.charAt(0) - '1';
        int n = Math.max(refIndex + 1, choices == null ? 4 : Math.max(2, choices.size()));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels.add(letter ? String.valueOf((char) ('A' + i)) : String.valueOf(i + 1));
        }
        return labels;
    }

    private static String choiceMessage(String prompt, List<String> labels, List<String> choices) {
        if (choices == null || choices.size() < 2) {
            return prompt;
        }
        StringBuilder b = new StringBuilder(prompt.strip()).append("\n\n");
        for (int i = 0; i < choices.size() && i < labels.size(); i++) {
            b.append('(').append(labels.get(i)).append(") ").append(choices.get(i).strip()).append('\n');
        }
        return b.append("\nAnswer with the letter of the correct option.").toString();
    }

    /**
     * The short free-text reference a {@code contains} grader can use, or null: the reference of a
     * free-text task, or the non-numeric final answer of a GSM8K/MATH solution.
     */
    private static String textReference(PromptRecord p) {
        String metric = p.metric() == null ? "" : p.metric();
        if (p.reference() == null || metric.equals("code_eval") || metric.startsWith("commongen")
                || metric.equals("em_mc") && labels(p.reference().strip(), p.choices()) != null) {
            return null;
        }
        String ref = p.reference().strip();
        if (metric.equals("GSM8K") || metric.equals("MATH")) {
            ref = finalAnswer(ref, metric);
            if (number(ref) != null) {
                return null;
            }
        }
        return ref.isEmpty() || ref.length() > MAX_TEXT_REFERENCE || ref.contains("\n") ? null : ref;
    }

    /** The final answer of a worked solution: after GSM8K's "####", inside MATH's last \boxed{}, or the whole text. */
    static String finalAnswer(String reference, String metric) {
        String text = reference.strip();
        int hashes = text.lastIndexOf("####");
        if (metric.equals("GSM8K") && hashes >= 0) {
            return text.substring(hashes + 4).strip();
        }
        int boxed = text.lastIndexOf("\\boxed{");
        if (boxed >= 0) {
            int start = boxed + "\\boxed{".length();
            int depth = 1;
            int end = start;
            while (end < text.length() && depth > 0) {
                char c = text.charAt(end++);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            return text.substring(start, depth == 0 ? end - 1 : end).strip();
        }
        return text;
    }

    /** A plain number ("20,000", "$5", "-3.50"), normalised; null for anything else (fractions, expressions). */
    static BigDecimal number(String text) {
        String s = text.replace(",", "").replace("$", "").strip();
        if (!NUMBER.matcher(s).matches()) {
            return null;
        }
        BigDecimal n = new BigDecimal(s).stripTrailingZeros();
        return n.scale() < 0 ? n.setScale(0) : n;
    }
}
