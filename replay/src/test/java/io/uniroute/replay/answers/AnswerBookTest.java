package io.uniroute.replay.answers;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.dataset.ModelInfo;
import io.uniroute.core.dataset.PromptRecord;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The answer key of each prompt kind, prompt matching, and answers to unknown prompts. */
class AnswerBookTest {

    private static PromptRecord prompt(String id, String task, String text, String reference, List<String> choices,
            String metric, double good, double bad) {
        return new PromptRecord(id, task, text, reference, choices, metric, "train", Map.of("good", good, "bad", bad), null);
    }

    private static final Dataset DATASET = new Dataset("t",
            List.of(new ModelInfo("good", 1.0, 1.0, null), new ModelInfo("bad", 0.1, 0.1, null)),
            List.of(
                    prompt("mc", "mmlu", "Pick  one\n please", "C", List.of("w", "x", "y", "z"), "em_mc", 1, 0),
                    prompt("gsm", "gsm8k", "How much?", "So 3*7 = <<3*7=21>>21,000.\n#### 21,000", null, "GSM8K", 1, 0),
                    prompt("box", "math", "Sum?", "Thus $\\boxed{\\frac{1}{2}}$ then \\boxed{-4.50}.", null, "MATH", 1, 0),
                    prompt("frac", "math", "Half?", "It is \\boxed{\\frac{1}{2}}.", null, "MATH", 1, 0),
                    prompt("qa1", "trivia_qa", "Who?", "The Beatles", null, "f1_score", 1, 0),
                    prompt("qa2", "trivia_qa", "Who else?", "Beatles", null, "f1_score", 1, 0),
                    prompt("qa3", "trivia_qa", "Where?", "Bayreuth", null, "f1_score", 1, 0),
                    prompt("code", "mbpp", "Write f.", "assert f(1) == 2", null, "code_eval", 0.6, 0.4)),
            "hash");

    private final AnswerBook book = new AnswerBook(DATASET);

    private GradedPrompt spec(String id) {
        return book.gradedPrompts().stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void multipleChoiceAnswersNameALabelAndTheMessageListsTheOptions() {
        GradedPrompt mc = spec("mc");
        assertThat(mc.grader()).isEqualTo(GradedPrompt.CHOICE);
        assertThat(mc.reference()).isEqualTo("C");
        assertThat(mc.message()).contains("(A) w\n(B) x\n(C) y\n(D) z").contains("letter of the correct option");
        assertThat(book.answer("good", mc.message()).text()).isEqualTo("The answer is (C).");
        assertThat(book.answer("bad", mc.message()).text()).matches("The answer is \\([ABD]\\)\\.");
    }

    @Test
    void knownPromptsMatchWithWhitespaceNormalised() {
        assertThat(book.answer("good", "  Pick one please ").known()).isTrue();
        assertThat(book.answer("good", "pick one please").known()).isFalse();
    }

    @Test
    void numericAnswersUseTheFinalNumberOfAWorkedSolution() {
        assertThat(spec("gsm").grader()).isEqualTo(GradedPrompt.NUMERIC);
        assertThat(spec("gsm").reference()).isEqualTo("21000");
        assertThat(book.answer("good", "How much?").text()).isEqualTo("The answer is 21000.");
        String wrong = book.answer("bad", "How much?").text();
        assertThat(wrong).startsWith("The answer is ").isNotEqualTo("The answer is 21000.");
        assertThat(spec("box").reference()).isEqualTo("-4.5");
        assertThat(AnswerBook.number("$1,234.500")).isEqualByComparingTo(new BigDecimal("1234.5"));
    }

    @Test
    void nonNumericMathAnswersAreGradedByContainsTheFinalAnswer() {
        GradedPrompt frac = spec("frac");
        assertThat(frac.grader()).isEqualTo(GradedPrompt.CONTAINS);
        assertThat(frac.reference()).isEqualTo("\\frac{1}{2}");
        assertThat(book.answer("good", "Half?").text()).isEqualTo("\\frac{1}{2}");
        assertThat(book.answer("bad", "Half?").text()).doesNotContain(frac.reference());
    }

    @Test
    void wrongTextAnswersAreOtherReferencesThatDoNotOverlap() {
        assertThat(spec("qa1").grader()).isEqualTo(GradedPrompt.CONTAINS);
        assertThat(book.answer("good", "Who?").text()).isEqualTo("The Beatles");
        // "Beatles" would contain the reference once articles are dropped, so only "Bayreuth" qualifies.
        assertThat(book.answer("bad", "Who?").text()).isEqualTo("Bayreuth");
    }

    @Test
    void promptsWithoutAGradableReferenceGetTokens() {
        GradedPrompt code = spec("code");
        assertThat(code.grader()).isEqualTo(GradedPrompt.CONTAINS);
        assertThat(code.reference()).matches("sim-[0-9a-f]{8}");
        assertThat(book.answer("good", "Write f.").text()).contains(code.reference());
        assertThat(book.answer("bad", "Write f.").text()).doesNotContain(code.reference()).contains("sim-");
    }

    @Test
    void unknownPromptsAreDeterministicAndRightAtTheModelsAccuracy() {
        assertThat(book.accuracy("good")).isEqualTo(1.0);
        assertThat(book.accuracy("bad")).isEqualTo(0.0);
        Dataset half = new Dataset("h", DATASET.models(), List.of(
                prompt("a", "t", "a", "x", null, "f1_score", 1, 0), prompt("b", "t", "b", "y", null, "f1_score", 0, 0)), "h");
        AnswerBook halfBook = new AnswerBook(half);
        assertThat(halfBook.accuracy("good")).isEqualTo(0.5);
        long right = IntStream.range(0, 4000).filter(i -> {
            String text = "new prompt number " + i;
            SimulatedAnswer a = halfBook.answer("good", text);
            assertThat(a.known()).isFalse();
            assertThat(halfBook.answer("good", text)).isEqualTo(a);
            boolean graded = a.text().contains(AnswerBook.gradedUnknown(text).reference());
            assertThat(graded).isEqualTo(a.correct());
            return a.correct();
        }).count();
        assertThat(right / 4000.0).isBetween(0.45, 0.55);
    }

    @Test
    void finalAnswerTakesTheLastBoxWithNestedBraces() {
        assertThat(AnswerBook.finalAnswer("x \\boxed{1} y \\boxed{\\frac{a}{b}}", "MATH")).isEqualTo("\\frac{a}{b}");
        assertThat(AnswerBook.finalAnswer("steps\n#### 7", "GSM8K")).isEqualTo("7");
        assertThat(AnswerBook.finalAnswer("28", "MATH")).isEqualTo("28");
    }

    @Test
    void simulatedTokensConcatenateToTheText() {
        String text = "The answer is (B).  Then: 1,000 sim-ab12cd34 ";
        assertThat(String.join("", SimulatedLogprobs.tokens(text))).isEqualTo(text);
        assertThat(SimulatedLogprobs.tokens("The answer is 42.")).containsExactly("The", " answer", " is", " 42", ".");
    }
}
