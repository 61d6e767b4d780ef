package io.uniroute.operator.promptset;

import io.uniroute.core.grading.Grader;
import io.uniroute.core.grading.Graders;
import io.uniroute.operator.api.ChatMessage;
import java.util.List;

/** One prompt with every default applied and its grader checked. */
public record ResolvedPrompt(String id, List<ChatMessage> messages, String reference, String grader, Double graderParameter) {

    public ResolvedPrompt {
        messages = List.copyOf(messages);
    }

    /** The text the router embeds: the last user message, as the sidecar does for live traffic. */
    public String embeddingText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).content();
            }
        }
        return messages.get(messages.size() - 1).content();
    }

    /** Graded by the prompt set's LLM judge (operator.judging) rather than a reference grader. */
    public boolean judged() {
        return io.uniroute.operator.api.Graders.JUDGE.equals(grader);
    }

    /** The reference grader; a judged prompt has none. */
    public Grader newGrader() {
        if (judged()) {
            throw new IllegalStateException("prompt " + id + " is graded by the judge, not a reference grader");
        }
        return Graders.of(grader, graderParameter);
    }
}
