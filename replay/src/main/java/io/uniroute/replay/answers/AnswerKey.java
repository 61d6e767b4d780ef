package io.uniroute.replay.answers;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * How the simulation answers one prompt: the right answer, a plausible wrong one per model, and
 * which models answer right. Answer formats (documented in docs/replay.md):
 * <ul>
 *   <li>{@code CHOICE}: {@code "The answer is (B)."}; a wrong answer names another option's label;</li>
 *   <li>{@code NUMERIC}: {@code "The answer is 42."}; a wrong answer is another number (±1..9);</li>
 *   <li>{@code TEXT}: the reference itself; a wrong answer is another prompt's reference of the same
 *       task that neither contains it nor is contained in it;</li>
 *   <li>{@code TOKEN} (no gradable reference: code, coverage metrics, null): {@code "Simulated answer
 *       sim-1a2b3c4d."}, the same token for every right model, a per-model token when wrong.</li>
 * </ul>
 */
public final class AnswerKey {

    /** The answer shapes above. */
    public enum Kind { CHOICE, NUMERIC, TEXT, TOKEN }

    private static final List<String> FALLBACK_WRONG = List.of("I don't know.", "None of these.", "No idea, sorry.");

    private final GradedPrompt graded;
    private final Kind kind;
    private final List<String> labels;
    private final BigDecimal number;
    private final List<String> textPool;
    private final Map<String, Boolean> correct;

    AnswerKey(GradedPrompt graded, Kind kind, List<String> labels, BigDecimal number, List<String> textPool,
            Map<String, Boolean> correct) {
        this.graded = graded;
        this.kind = kind;
        this.labels = labels;
        this.number = number;
        this.textPool = textPool;
        this.correct = Map.copyOf(correct);
    }

    public GradedPrompt graded() {
        return graded;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether {@code model} answers this prompt right (recorded score ≥ 0.5); false for a model without a score. */
    public boolean isCorrect(String model) {
        return correct.getOrDefault(model, false);
    }

    public SimulatedAnswer answer(String model) {
        boolean right = isCorrect(model);
        return new SimulatedAnswer(graded.id(), true, right, right ? rightAnswer() : wrongAnswer(model));
    }

    public String rightAnswer() {
        return switch (kind) {
            case CHOICE -> choiceText(graded.reference());
            case NUMERIC -> numberText(number);
            case TEXT -> graded.reference();
            case TOKEN -> tokenText(graded.reference());
        };
    }

    /** The model's wrong answer: deterministic per (prompt, model), and graded wrong by {@link #graded()}'s grader. */
    public String wrongAnswer(String model) {
        long h = TextNormalizer.hash("wrong", graded.id(), model);
        return switch (kind) {
            case CHOICE -> {
                List<String> others = labels.stream().filter(l -> !l.equals(graded.reference())).toList();
                yield choiceText(others.get((int) Math.floorMod(h, (long) others.size())));
            }
            case NUMERIC -> {
                BigDecimal step = BigDecimal.valueOf(1 + Math.floorMod(h, 9L));
                boolean down = ((h >>> 8) & 1) == 1 && number.compareTo(step) >= 0;
                yield numberText(down ? number.subtract(step) : number.add(step));
            }
            case TEXT -> wrongText(h);
            case TOKEN -> {
                String token = token(h);
                yield tokenText(token.equals(graded.reference()) ? token(h + 1) : token);
            }
        };
    }

    private String wrongText(long h) {
        int n = textPool.size();
        int start = n == 0 ? 0 : (int) Math.floorMod(h, (long) n);
        for (int i = 0; i < n; i++) {
            String candidate = textPool.get((start + i) % n);
            if (!TextNormalizer.overlaps(candidate, graded.reference())) {
                return candidate;
            }
        }
        return FALLBACK_WRONG.stream().filter(t -> !TextNormalizer.overlaps(t, graded.reference())).findFirst()
                .orElse("-");
    }

    static String choiceText(String label) {
        return "The answer is (" + label + ").";
    }

    static String numberText(BigDecimal n) {
        return "The answer is " + n.toPlainString() + ".";
    }

    static String tokenText(String token) {
        return "Simulated answer " + token + ".";
    }

    static String token(long hash) {
        return "sim-" + String.format("%08x", hash >>> 32);
    }
}
