package io.uniroute.operator.promptset;

import io.uniroute.core.embedding.PromptText;
import io.uniroute.core.grading.Grader;
import io.uniroute.core.grading.Graders;
import io.uniroute.operator.api.ChatMessage;
import java.util.List;

/** One prompt with every default applied and its grader checked. */
public record ResolvedPrompt(String id, List<ChatMessage> messages, String reference, String grader, Double graderParameter) {

    public ResolvedPrompt {
        messages = List.copyOf(messages);
    }

    /**
     * The text the router embeds: routing-core's {@link PromptText} of these messages in the
     * sidecar's default mode (the last user message), so this prompt is embedded exactly as the same
     * chat request would be.
     */
    public String embeddingText() {
        return PromptText.of(messages.stream().map(m -> new PromptText.Message(m.role(), m.content())).toList(),
                PromptText.Mode.LAST_USER);
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
