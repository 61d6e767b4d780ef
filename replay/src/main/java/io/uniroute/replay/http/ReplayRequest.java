package io.uniroute.replay.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of an OpenAI request the simulation uses. {@code userText} is what a prompt is matched
 * by: the last user message of a chat, or the prompt of a completion. {@code inputChars} counts
 * every message, for the usage estimate.
 */
public record ReplayRequest(
        Kind kind,
        String model,
        String userText,
        int inputChars,
        boolean stream,
        boolean includeUsage,
        boolean logprobs,
        int topLogprobs,
        Integer maxTokens) {

    /** Which endpoint was called. */
    public enum Kind { CHAT, COMPLETION }

    private static final int MAX_TOP_LOGPROBS = 20;

    public static ReplayRequest parse(Kind kind, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw OpenAiError.badRequest(null, "The request body must be a JSON object.");
        }
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw OpenAiError.badRequest("model", "You must provide a model parameter (a string).");
        }
        JsonNode n = body.get("n");
        if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.asInt() == 1)) {
            throw OpenAiError.badRequest("n", "This replay simulation answers one choice per request (n = 1).");
        }
        boolean stream = bool(body, "stream");
        JsonNode options = body.get("stream_options");
        boolean includeUsage = options != null && options.isObject() && bool(options, "include_usage");
        Integer maxTokens = positiveInt(body, kind == Kind.CHAT && body.hasNonNull("max_completion_tokens")
                ? "max_completion_tokens" : "max_tokens");
        return kind == Kind.CHAT
                ? chat(body, model.asText(), stream, includeUsage, maxTokens)
                : completion(body, model.asText(), stream, includeUsage, maxTokens);
    }

    private static ReplayRequest chat(JsonNode body, String model, boolean stream, boolean includeUsage,
            Integer maxTokens) {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw OpenAiError.badRequest("messages", "'messages' must be a non-empty array.");
        }
        String user = null;
        int chars = 0;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String param = "messages[" + i + "]";
            if (!m.isObject() || !m.path("role").isTextual()) {
                throw OpenAiError.badRequest(param, "Each message must be an object with a string 'role'.");
            }
            String text = content(m.get("content"), param + ".content");
            chars += text.length();
            if (m.get("role").asText().equals("user")) {
                user = text;
            }
        }
        if (user == null) {
            throw OpenAiError.badRequest("messages", "'messages' must include a message with role 'user'.");
        }
        JsonNode lp = body.get("logprobs");
        if (lp != null && !lp.isNull() && !lp.isBoolean()) {
            throw OpenAiError.badRequest("logprobs", "'logprobs' must be a boolean.");
        }
        boolean logprobs = lp != null && lp.asBoolean();
        int top = 0;
        JsonNode t = body.get("top_logprobs");
        if (t != null && !t.isNull()) {
            if (!t.isIntegralNumber() || t.asInt() < 0 || t.asInt() > MAX_TOP_LOGPROBS) {
                throw OpenAiError.badRequest("top_logprobs", "'top_logprobs' must be an integer in [0, 20].");
            }
            if (!logprobs) {
                throw OpenAiError.badRequest("top_logprobs", "'top_logprobs' needs 'logprobs': true.");
            }
            top = t.asInt();
        }
        return new ReplayRequest(Kind.CHAT, model, user, chars, stream, includeUsage, logprobs, top, maxTokens);
    }

    private static ReplayRequest completion(JsonNode body, String model, boolean stream, boolean includeUsage,
            Integer maxTokens) {
        JsonNode prompt = body.get("prompt");
        if (prompt != null && prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            prompt = prompt.get(0);
        }
        if (prompt == null || !prompt.isTextual()) {
            throw OpenAiError.badRequest("prompt", "'prompt' must be a string (one prompt per request).");
        }
        JsonNode lp = body.get("logprobs");
        int top = 0;
        boolean logprobs = false;
        if (lp != null && !lp.isNull()) {
            if (lp.isBoolean()) {
                logprobs = lp.asBoolean();
            } else if (lp.isIntegralNumber() && lp.asInt() >= 0 && lp.asInt() <= 5) {
                logprobs = true;
                top = lp.asInt();
            } else {
                throw OpenAiError.badRequest("logprobs", "'logprobs' must be an integer in [0, 5].");
            }
        }
        String text = prompt.asText();
        return new ReplayRequest(Kind.COMPLETION, model, text, text.length(), stream, includeUsage, logprobs, top,
                maxTokens);
    }

    /** A message's text: a string, null, or an array of parts whose {@code text} parts are joined. */
    private static String content(JsonNode c, String param) {
        if (c == null || c.isNull()) {
            return "";
        }
        if (c.isTextual()) {
            return c.asText();
        }
        if (c.isArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonNode part : c) {
                if (part.isObject() && "text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                    b.append(b.isEmpty() ? "" : "\n").append(part.get("text").asText());
                }
            }
            return b.toString();
        }
        throw OpenAiError.badRequest(param, "'content' must be a string or an array of content parts.");
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw OpenAiError.badRequest(field, "'" + field + "' must be a boolean.");
        }
        return v.asBoolean();
    }

    private static Integer positiveInt(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > Integer.MAX_VALUE) {
            throw OpenAiError.badRequest(field, "'" + field + "' must be a positive integer.");
        }
        return v.asInt();
    }
}
