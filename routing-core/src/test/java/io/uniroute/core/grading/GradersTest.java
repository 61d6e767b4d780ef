package io.uniroute.core.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Graders on answers shaped the way real chat models write them. */
class GradersTest {

    private static boolean grade(String grader, String answer, String reference) {
        return Graders.of(grader, null).isCorrect(answer, reference);
    }

    @Test
    void choiceFindsTheLetterInFreeText() {
        assertThat(grade("choice", "The answer is (B).", "B")).isTrue();
        assertThat(grade("choice", "Let's think step by step. Option A is wrong because plants need light, "
                + "and (C) confuses mass with weight.\n\nTherefore, the answer is **D**.", "D")).isTrue();
        assertThat(grade("choice", "**C) Mitochondria**\n\nThe mitochondria is the powerhouse of the cell.", "C")).isTrue();
        assertThat(grade("choice", "Answer: B", "(B)")).isTrue();
        assertThat(grade("choice", "B. Because the Earth rotates on its axis.", "B")).isTrue();
        assertThat(grade("choice", "A", "A")).isTrue();
        assertThat(grade("choice", "After comparing options, I would pick:\n\nC\n", "C")).isTrue();
        assertThat(grade("choice", "The final answer is $\\boxed{E}$", "E")).isTrue();
    }

    @Test
    void choiceRejectsAnotherLetterEvenWhenTheRightOneIsMentioned() {
        assertThat(grade("choice", "Option (B) looks tempting, but the answer is (C).", "B")).isFalse();
        assertThat(grade("choice", "The answer is (A).", "B")).isFalse();
        assertThat(grade("choice", "I am not sure; it depends on the context.", "B")).isFalse();
        assertThat(grade("choice", "", "B")).isFalse();
        // "a" as an article is no choice
        assertThat(grade("choice", "This is a hard question about acids.", "A")).isFalse();
    }

    @Test
    void choiceWithTextReferenceFallsBackToExact() {
        assertThat(grade("choice", "The answer is mitochondria.", "Mitochondria")).isTrue();
    }

    @Test
    void numericReadsTheStatedFinalNumber() {
        assertThat(grade("numeric", "Janet has 16 eggs. She eats 3 and bakes with 4, so 16 - 3 - 4 = 9.\n"
                + "She sells 9 eggs at $2 each: 9 * 2 = 18.\n#### 18", "#### 18")).isTrue();
        assertThat(grade("numeric", "The total cost is **$1,250.00**.", "1250")).isTrue();
        assertThat(grade("numeric", "So the answer is 3/4 of the cake.", "0.75")).isTrue();
        assertThat(grade("numeric", "Therefore $x = \\boxed{-7}$, which we can check: 2(-7) + 3 = -11.", "-7")).isTrue();
        assertThat(grade("numeric", "The answer is 42.", "42")).isTrue();
        // the last number of the reasoning is not the stated answer
        assertThat(grade("numeric", "The answer is 17. (I used 3 steps.)", "3")).isFalse();
        assertThat(grade("numeric", "Step 1: 5 + 5 = 10. Step 2: 10 * 2 = 20.", "10")).isFalse();
        assertThat(grade("numeric", "I cannot compute that.", "10")).isFalse();
    }

    @Test
    void numericToleranceIsRelative() {
        assertThat(Graders.of("numeric", 0.01).isCorrect("about 101", "100")).isTrue();
        assertThat(Graders.of("numeric", 0.01).isCorrect("about 102", "100")).isFalse();
        assertThat(grade("numeric", "3.14159", "3.14159")).isTrue();
        assertThat(grade("numeric", "3.14", "3.14159")).isFalse();
    }

    @Test
    void exactMatchesTheFinalAnswerSpan() {
        assertThat(grade("exact", "Paris", "Paris")).isTrue();
        assertThat(grade("exact", "The capital of France is a big city. The answer is Paris.", "paris")).isTrue();
        assertThat(grade("exact", "Sure! Here is the answer:\n\n**Paris**", "Paris")).isTrue();
        assertThat(grade("exact", "I think it's\nThe Beatles", "Beatles")).isTrue();
        assertThat(grade("exact", "The answer is Lyon.", "Paris")).isFalse();
        assertThat(grade("exact", "Paris or Lyon, I am not sure.", "Paris")).isFalse();
    }

    @Test
    void containsNeedsWholeWords() {
        assertThat(grade("contains", "Water boils at 100 degrees Celsius at sea level.", "100 degrees Celsius")).isTrue();
        assertThat(grade("contains", "It was **George Washington**, the first president.", "george washington")).isTrue();
        assertThat(grade("contains", "The catalog lists it.", "cat")).isFalse();
    }

    @Test
    void regexSearchesCaseInsensitively() {
        assertThat(grade("regex", "```python\ndef add(a, b):\n    return a + b\n```", "def\\s+add\\(")).isTrue();
        assertThat(grade("regex", "The year was 1969.", "\\b19(69|70)\\b")).isTrue();
        assertThat(grade("regex", "The year was 1968.", "\\b19(69|70)\\b")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "**Paris, France**|Paris France|true",
            "It is in Paris, France.|Paris France|true",
            "The Eiffel Tower is located in the city of Paris, France.|Paris France|false",
            "Based on the passage, the answer is the Treaty of Versailles.|Treaty of Versailles|true",
            "It happened in the nineteenth century, probably.|Treaty of Versailles|false",
    })
    void f1OverTheThreshold(String answer, String reference, boolean expected) {
        assertThat(grade("f1", answer, reference)).isEqualTo(expected);
    }

    @Test
    void f1Score() {
        assertThat(F1Grader.f1(AnswerText.tokens("the cat sat"), AnswerText.tokens("cat sat down"))).isEqualTo(0.8);
    }

    @Test
    void unknownGraderAndBadParametersAreRefusedClearly() {
        assertThatThrownBy(() -> Graders.of("fuzzy", null)).hasMessageContaining("unknown grader 'fuzzy'")
                .hasMessageContaining("choice");
        assertThatThrownBy(() -> Graders.of("f1", 1.5)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> Graders.of("numeric", -1.0)).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> Graders.validateReference("regex", "([a-z")).hasMessageContaining("invalid regular expression");
        assertThatThrownBy(() -> Graders.validateReference("exact", " ")).hasMessageContaining("empty");
    }
}
