package io.uniroute.replay.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.uniroute.replay.answers.SimulatedLogprobs.TokenLogprob;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds OpenAI-shaped response bodies: chat and text completions, their stream chunks, usage and
 * logprobs. {@code system_fingerprint} says {@value #FINGERPRINT} so nobody mistakes it for a model.
 */
public final class OpenAiResponses {

    public static final String FINGERPRINT = "uniroute-replay-simulation";

    private final ObjectMapper json;

    public OpenAiResponses(ObjectMapper json) {
        this.json = json;
    }

    /** Tokens estimated from characters (about 4 per token), at least 1. */
    public static int estimateTokens(int chars) {
        return Math.max(1, (chars + 3) / 4);
    }

    public ObjectNode usage(int promptTokens, int completionTokens) {
        ObjectNode u = json.createObjectNode();
        u.put("prompt_tokens", promptTokens);
        u.put("completion_tokens", completionTokens);
        u.put("total_tokens", promptTokens + completionTokens);
        return u;
    }

    /** A whole (non-streamed) answer. {@code logprobs} is null when not asked for. */
    public ObjectNode completion(ReplayRequest req, String id, long created, String text,
            List<TokenLogprob> logprobs, String finishReason, ObjectNode usage) {
        ObjectNode root = header(req, id, created, req.kind() == ReplayRequest.Kind.CHAT ? "chat.completion" : "text_completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        if (req.kind() == ReplayRequest.Kind.CHAT) {
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", text);
            message.putNull("refusal");
        } else {
            choice.put("text", text);
        }
        putLogprobs(choice, req, logprobs, 0);
        choice.put("finish_reason", finishReason);
        root.set("usage", usage);
        return root;
    }

    /**
     * One stream chunk carrying {@code text}; {@code first} adds the assistant role (chat),
     * {@code finishReason} non-null marks the last content chunk; {@code offset} is the text offset
     * of {@code text} in the whole answer (for completions' logprobs).
     */
    public ObjectNode chunk(ReplayRequest req, String id, long created, String text, boolean first,
            List<TokenLogprob> logprobs, String finishReason, int offset) {
        boolean chat = req.kind() == ReplayRequest.Kind.CHAT;
        ObjectNode root = header(req, id, created, chat ? "chat.completion.chunk" : "text_completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        if (chat) {
            ObjectNode delta = choice.putObject("delta");
            if (first) {
                delta.put("role", "assistant");
            }
            if (finishReason == null || !text.isEmpty()) {
                delta.put("content", text);
            }
        } else {
            choice.put("text", text);
        }
        putLogprobs(choice, req, logprobs, offset);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return root;
    }

    /** The extra last chunk of {@code stream_options.include_usage}: no choices, only usage. */
    public ObjectNode usageChunk(ReplayRequest req, String id, long created, ObjectNode usage) {
        ObjectNode root = header(req, id, created,
                req.kind() == ReplayRequest.Kind.CHAT ? "chat.completion.chunk" : "text_completion");
        root.putArray("choices");
        root.set("usage", usage);
        return root;
    }

    private ObjectNode header(ReplayRequest req, String id, long created, String object) {
        ObjectNode root = json.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", req.model());
        root.put("system_fingerprint", FINGERPRINT);
        return root;
    }

    private void putLogprobs(ObjectNode choice, ReplayRequest req, List<TokenLogprob> logprobs, int offset) {
        if (logprobs == null || !req.logprobs()) {
            choice.putNull("logprobs");
            return;
        }
        ObjectNode lp = choice.putObject("logprobs");
        if (req.kind() == ReplayRequest.Kind.CHAT) {
            ArrayNode content = lp.putArray("content");
            for (TokenLogprob t : logprobs) {
                ObjectNode item = tokenNode(t.token(), t.logprob());
                ArrayNode top = item.putArray("top_logprobs");
                for (int i = 0; i < req.topLogprobs(); i++) {
                    top.add(i == 0 ? tokenNode(t.token(), t.logprob()) : tokenNode(alternative(i), alternativeLogprob(t, i)));
                }
                content.add(item);
            }
            lp.putNull("refusal");
        } else {
            ArrayNode tokens = lp.putArray("tokens");
            ArrayNode values = lp.putArray("token_logprobs");
            ArrayNode offsets = lp.putArray("text_offset");
            ArrayNode tops = req.topLogprobs() > 0 ? lp.putArray("top_logprobs") : null;
            if (tops == null) {
                lp.putNull("top_logprobs");
            }
            int at = offset;
            for (TokenLogprob t : logprobs) {
                tokens.add(t.token());
                values.add(t.logprob());
                offsets.add(at);
                at += t.token().length();
                if (tops != null) {
                    ObjectNode top = tops.addObject();
                    top.put(t.token(), t.logprob());
                    for (int i = 1; i < req.topLogprobs(); i++) {
                        top.put(alternative(i), alternativeLogprob(t, i));
                    }
                }
            }
        }
    }

    private ObjectNode tokenNode(String token, double logprob) {
        ObjectNode n = json.createObjectNode();
        n.put("token", token);
        n.put("logprob", logprob);
        ArrayNode bytes = n.putArray("bytes");
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b & 0xff);
        }
        return n;
    }

    /** Simulated alternatives share the probability the chosen token leaves, halving each time. */
    private static String alternative(int i) {
        return "[sim-alt-" + i + "]";
    }

    private static double alternativeLogprob(TokenLogprob t, int i) {
        double rest = Math.max(1e-9, 1 - Math.exp(t.logprob()));
        return Math.log(rest) - i * Math.log(2);
    }
}
