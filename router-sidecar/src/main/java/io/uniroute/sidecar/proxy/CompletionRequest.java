package io.uniroute.sidecar.proxy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A parsed, checked OpenAI request. {@link #parse} turns every malformed input into a
 * {@link BadRequest} whose message is shown to the caller as an OpenAI-style 400.
 *
 * @param chat          {@code /v1/chat/completions} (else {@code /v1/completions})
 * @param costWeight    λ from {@code x-uniroute-cost-weight}, when given
 * @param maxCostUsd    from {@code x-uniroute-max-cost-usd}, else +∞
 * @param timeoutMillis from {@code x-uniroute-timeout-ms}: all attempts together, else empty
 */
public record CompletionRequest(boolean chat, JsonObject body, String model, boolean stream, OptionalDouble costWeight,
        double maxCostUsd, String accept, OptionalLong timeoutMillis) {

    public static final String COST_WEIGHT = "x-uniroute-cost-weight";
    public static final String MAX_COST = "x-uniroute-max-cost-usd";
    public static final String TIMEOUT = "x-uniroute-timeout-ms";
    /** The longest deadline a request may ask for: an hour. */
    static final long MAX_TIMEOUT_MILLIS = 3_600_000;

    /** A client error; the message names the field and is safe to echo. */
    public static final class BadRequest extends RuntimeException {
        private final String code;

        BadRequest(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public String path() {
        return chat ? "/chat/completions" : "/completions";
    }

    public static CompletionRequest parse(boolean chat, Buffer raw, HttpServerRequest http) {
        JsonObject body;
        try {
            if (!raw.toString().stripLeading().startsWith("{")) {
                throw new BadRequest("invalid_json", "request body must be a JSON object");
            }
            body = raw.toJsonObject();
        } catch (BadRequest e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadRequest("invalid_json", "request body is not valid JSON");
        }
        if (!(body.getValue("model") instanceof String model) || model.isBlank()) {
            throw new BadRequest("missing_model", "'model' is required: a policy name, 'auto', or a backend name");
        }
        if (chat) {
            if (!(body.getValue("messages") instanceof JsonArray messages) || messages.isEmpty()) {
                throw new BadRequest("missing_messages", "'messages' is required and must be a non-empty array");
            }
            for (Object m : messages) {
                if (!(m instanceof JsonObject)) {
                    throw new BadRequest("invalid_messages", "each of 'messages' must be an object with 'role' and 'content'");
                }
            }
        } else if (!(body.getValue("prompt") instanceof String) && !(body.getValue("prompt") instanceof JsonArray)) {
            throw new BadRequest("missing_prompt", "'prompt' is required: a string or an array of strings");
        }
        Object stream = body.getValue("stream");
        if (stream != null && !(stream instanceof Boolean)) {
            throw new BadRequest("invalid_stream", "'stream' must be a boolean");
        }
        return new CompletionRequest(chat, body, model, Boolean.TRUE.equals(stream),
                header(http, COST_WEIGHT).map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                header(http, MAX_COST).orElse(Double.POSITIVE_INFINITY),
                http.getHeader("accept"), timeout(http));
    }

    private static OptionalLong timeout(HttpServerRequest http) {
        String v = http.getHeader(TIMEOUT);
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            long ms = Long.parseLong(v.trim());
            if (ms < 1 || ms > MAX_TIMEOUT_MILLIS) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(ms);
        } catch (NumberFormatException e) {
            throw new BadRequest("invalid_header", TIMEOUT + " must be an integer in 1.." + MAX_TIMEOUT_MILLIS);
        }
    }

    private static java.util.Optional<Double> header(HttpServerRequest http, String name) {
        String v = http.getHeader(name);
        if (v == null) {
            return java.util.Optional.empty();
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return java.util.Optional.of(d);
        } catch (NumberFormatException e) {
            throw new BadRequest("invalid_header", name + " must be a number >= 0");
        }
    }
}
