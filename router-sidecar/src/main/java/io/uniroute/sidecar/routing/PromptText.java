package io.uniroute.sidecar.routing;

import io.uniroute.core.embedding.PromptText.Message;
import io.uniroute.core.embedding.PromptText.Mode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The text a request is routed by. For chat: the request's messages handed to routing-core's
 * {@link io.uniroute.core.embedding.PromptText} (last user message by default, as the operator
 * embeds a PromptSet entry's messages); content given as parts keeps its text parts only. For
 * completions: the prompt.
 */
public final class PromptText {

    private PromptText() {
    }

    public static String ofChat(JsonArray messages, String mode) {
        List<Message> list = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (messages.getValue(i) instanceof JsonObject msg) {
                String role = msg.getValue("role") instanceof String r ? r : null;
                list.add(new Message(role, content(msg.getValue("content"))));
            }
        }
        return io.uniroute.core.embedding.PromptText.of(list, Mode.parse(mode));
    }

    public static String ofCompletion(Object prompt) {
        if (prompt instanceof JsonArray a) {
            List<String> out = new ArrayList<>();
            a.forEach(p -> out.add(String.valueOf(p)));
            return String.join("\n", out);
        }
        return prompt == null ? "" : String.valueOf(prompt);
    }

    private static String content(Object content) {
        if (content instanceof String s) {
            return s;
        }
        if (content instanceof JsonArray parts) {
            List<String> texts = new ArrayList<>();
            for (Object p : parts) {
                if (p instanceof JsonObject part && "text".equals(part.getString("type"))) {
                    texts.add(part.getString("text", ""));
                }
            }
            return String.join("\n", texts);
        }
        return "";
    }
}
