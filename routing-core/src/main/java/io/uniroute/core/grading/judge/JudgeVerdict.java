package io.uniroute.core.grading.judge;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * A judge's verdict, parsed strictly: the whole reply (surrounding whitespace aside) must be one JSON
 * object with a numeric {@code score} in [0, 1] and optionally a string {@code reason}, nothing else.
 * Prose around it, a code fence, a missing or out-of-range score, an unknown field or a refusal are
 * all unparseable: the grader retries and then records the prompt as ungraded, never guesses.
 */
public record JudgeVerdict(double score, String reason) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS);
    private static final Set<String> FIELDS = Set.of("score", "reason");
    private static final int MAX_REPLY_CHARS = 4096;

    public JudgeVerdict {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1], was " + score);
        }
    }

    /** The verdict in {@code reply}, or empty when the reply is not exactly a valid verdict. */
    public static Optional<JudgeVerdict> parse(String reply) {
        if (reply == null || reply.length() > MAX_REPLY_CHARS) {
            return Optional.empty();
        }
        String s = reply.strip();
        if (!s.startsWith("{") || !s.endsWith("}")) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(s);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                if (!FIELDS.contains(names.next())) {
                    return Optional.empty();
                }
            }
            JsonNode score = node.get("score");
            JsonNode reason = node.get("reason");
            if (score == null || !score.isNumber() || (reason != null && !reason.isTextual())) {
                return Optional.empty();
            }
            double v = score.asDouble();
            if (!(v >= 0 && v <= 1)) {
                return Optional.empty();
            }
            return Optional.of(new JudgeVerdict(v, reason == null ? "" : reason.asText()));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    public boolean passes(double threshold) {
        return score >= threshold;
    }
}
