package io.uniroute.sidecar.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.core.embedding.PromptText.Message;
import io.uniroute.core.embedding.PromptText.Mode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sidecar's side of the shared prompt text: a chat request's messages give exactly the text
 * routing-core's PromptText gives for the same conversation, which is what the operator embeds for a
 * PromptSet entry with these messages (operator's ResolvedPromptTest checks its side).
 */
class PromptTextTest {

    @Test
    void aChatRequestIsRoutedByTheSharedPromptText() {
        JsonArray request = new JsonArray()
                .add(new JsonObject().put("role", "system").put("content", "You are a careful assistant."))
                .add(new JsonObject().put("role", "user").put("content", "What is 2 + 2?"))
                .add(new JsonObject().put("role", "assistant").put("content", "4"))
                .add(new JsonObject().put("role", "user").put("content", new JsonArray()
                        .add(new JsonObject().put("type", "text").put("text", "And 3 + 3?"))
                        .add(new JsonObject().put("type", "image_url").put("image_url", new JsonObject().put("url", "x")))));
        List<Message> conversation = List.of(new Message("system", "You are a careful assistant."),
                new Message("user", "What is 2 + 2?"), new Message("assistant", "4"), new Message("user", "And 3 + 3?"));
        for (Mode mode : Mode.values()) {
            assertThat(PromptText.ofChat(request, mode.flag())).as(mode.flag())
                    .isEqualTo(io.uniroute.core.embedding.PromptText.of(conversation, mode));
        }
        assertThat(PromptText.ofChat(request, "last-user")).isEqualTo("And 3 + 3?");
        // a message whose role is not a string is no user message, and no crash
        assertThat(PromptText.ofChat(new JsonArray().add(new JsonObject().put("role", 7).put("content", "x")), "last-user")).isEmpty();
    }
}
