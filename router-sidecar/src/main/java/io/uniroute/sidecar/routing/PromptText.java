package io.uniroute.sidecar.routing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The text a request is routed by. For chat: the last user message ({@code last-user}, the
 * default: it is what the profiling prompts look like), every user message ({@code all-user}), or
 * every message ({@code all}). For completions: the prompt. Content given as parts keeps its text
 * parts only.
 */
public final class PromptText {

    private PromptText() {
    }

    public static String ofChat(JsonArray messages, String mode) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Object m = messages.getValue(i);
            if (!(m instanceof JsonObject msg)) {
                continue;
            }
            boolean user = "user".equals(msg.getString("role"));
            if ("all".equals(mode) || user) {
                parts.add(content(msg.getValue("content")));
            }
        }
        if (parts.isEmpty()) {
            return "";
        }
        return "last-user".equals(mode) ? parts.get(parts.size() - 1) : String.join("\n", parts);
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
