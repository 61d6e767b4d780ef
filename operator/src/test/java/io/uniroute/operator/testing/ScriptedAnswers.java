package io.uniroute.operator.testing;

import io.uniroute.operator.api.PromptItem;
import io.uniroute.operator.api.PromptSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Answers for a {@link LoopbackLlm} written the way chat models write them (a preamble, markdown,
 * "The answer is (B).") — right for the prompts a model "knows", wrong otherwise.
 */
public final class ScriptedAnswers {

    private ScriptedAnswers() {
    }

    /** @param knows which prompt ids this model answers right */
    public static Function<String, String> of(PromptSet set, Predicate<String> knows) {
        Map<String, String> byPrompt = new HashMap<>();
        for (PromptItem p : set.getSpec().prompts()) {
            byPrompt.put(p.prompt(), knows.test(p.id()) ? right(p) : wrong(p));
        }
        return prompt -> byPrompt.getOrDefault(prompt, "I'm sorry, I can't help with that.");
    }

    static String right(PromptItem p) {
        return switch (p.grader()) {
            case "numeric" -> "Let's work through it step by step.\n\n1. Read the numbers.\n2. Compute.\n\nThe answer is **" + p.reference() + "**.";
            case "choice" -> "Let me think about each option in turn. Only one fits.\n\nThe answer is (" + p.reference() + ").";
            case "contains" -> "In everyday use, the word describes something that is " + p.reference() + ".";
            default -> "Sure! The answer is " + p.reference() + ".";
        };
    }

    static String wrong(PromptItem p) {
        return switch (p.grader()) {
            case "numeric" -> "Let's see: that comes to **" + (Integer.parseInt(p.reference()) + 3) + "**.";
            case "choice" -> "The answer is (" + ("A".equals(p.reference()) ? "B" : "A") + ").";
            case "contains" -> "I am not familiar with that word.";
            default -> "I believe the answer is Springfield.";
        };
    }
}
