package io.uniroute.operator.promptset;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.core.embedding.PromptText;
import io.uniroute.core.embedding.PromptText.Message;
import io.uniroute.operator.api.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator's side of the shared prompt text: a PromptSet entry with {@code messages} is
 * embedded by routing-core's PromptText in the sidecar's default mode, exactly the text the sidecar
 * routes the same chat request by (the sidecar's PromptTextTest checks its side).
 */
class ResolvedPromptTest {

    @Test
    void anEntryWithMessagesIsEmbeddedAsTheSidecarEmbedsThatRequest() {
        ResolvedPrompt p = new ResolvedPrompt("q1", List.of(new ChatMessage("system", "You are a careful assistant."),
                new ChatMessage("user", "What is 2 + 2?"), new ChatMessage("assistant", "4"),
                new ChatMessage("user", "And 3 + 3?")), "6", "contains", null);
        List<Message> conversation = List.of(new Message("system", "You are a careful assistant."),
                new Message("user", "What is 2 + 2?"), new Message("assistant", "4"), new Message("user", "And 3 + 3?"));
        assertThat(p.embeddingText()).isEqualTo(PromptText.of(conversation, PromptText.Mode.LAST_USER)).isEqualTo("And 3 + 3?");
    }
}
