package io.uniroute.core.cascade;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalDouble;

/**
 * Confidence of an answer from its token log-probabilities (PAPERS.md, "Cascading"): the mean
 * token logprob of the first choice. Reads both OpenAI shapes:
 * chat ({@code choices[0].logprobs.content[].logprob}) and completions
 * ({@code choices[0].logprobs.token_logprobs[]}). Empty when the answer carries none, which a
 * cascade treats as "not confident".
 */
public final class LogprobConfidence {

    private LogprobConfidence() {
    }

    public static OptionalDouble meanTokenLogprob(JsonNode completion) {
        JsonNode logprobs = completion.path("choices").path(0).path("logprobs");
        double sum = 0;
        int n = 0;
        JsonNode content = logprobs.path("content");
        if (content.isArray()) {
            for (JsonNode token : content) {
                JsonNode lp = token.get("logprob");
                if (lp != null && lp.isNumber()) {
                    sum += lp.asDouble();
                    n++;
                }
            }
        } else if (logprobs.path("token_logprobs").isArray()) {
            for (JsonNode lp : logprobs.get("token_logprobs")) {
                if (lp.isNumber()) { // the first token's entry is null in some servers
                    sum += lp.asDouble();
                    n++;
                }
            }
        }
        return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / n);
    }

    /** Whether the answer is confident enough to stop the cascade. */
    public static boolean confident(JsonNode completion, double minMeanLogprob) {
        OptionalDouble mean = meanTokenLogprob(completion);
        return mean.isPresent() && mean.getAsDouble() >= minMeanLogprob;
    }
}
