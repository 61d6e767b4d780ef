package io.uniroute.operator.profiling;

import io.uniroute.operator.api.LLMBackendSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The checks a real API server makes through the CRD schema and CEL rules, made again here: the
 * mock API server validates nothing, and an operator must survive whatever a client wrote.
 */
public final class BackendSpecCheck {

    private BackendSpecCheck() {
    }

    /** What is wrong with the spec, for a person; empty when it is usable. */
    public static Optional<String> problem(LLMBackendSpec spec) {
        if (spec == null) {
            return Optional.of("spec is missing");
        }
        if (spec.endpoint() == null || spec.endpoint().isBlank()) {
            return Optional.of("spec.endpoint is required (the base URL of an OpenAI-compatible API, e.g. https://api.openai.com/v1)");
        }
        try {
            URI uri = new URI(spec.endpoint());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                return Optional.of("spec.endpoint '" + spec.endpoint() + "' is not an http(s) URL with a host");
            }
            if (uri.getUserInfo() != null || uri.getQuery() != null) {
                return Optional.of("spec.endpoint must not carry credentials or a query; put the API key in a Secret and name it in spec.apiKeySecretRef");
            }
        } catch (URISyntaxException e) {
            return Optional.of("spec.endpoint is not a valid URL: " + e.getReason());
        }
        if (spec.model() == null || spec.model().isBlank()) {
            return Optional.of("spec.model is required (the model name sent in each request)");
        }
        if (spec.cost() == null || spec.cost().inputPerMillionTokens() == null || spec.cost().outputPerMillionTokens() == null) {
            return Optional.of("spec.cost.inputPerMillionTokens and spec.cost.outputPerMillionTokens are required (USD per million tokens)");
        }
        if (!(spec.cost().inputPerMillionTokens() >= 0) || !(spec.cost().outputPerMillionTokens() >= 0)
                || spec.cost().inputPerMillionTokens().isInfinite() || spec.cost().outputPerMillionTokens().isInfinite()) {
            return Optional.of("spec.cost prices must be finite and >= 0");
        }
        if (spec.maxConcurrency() != null && (spec.maxConcurrency() < 1 || spec.maxConcurrency() > 256)) {
            return Optional.of("spec.maxConcurrency must be between 1 and 256, was " + spec.maxConcurrency());
        }
        if (spec.maxRetries() != null && (spec.maxRetries() < 0 || spec.maxRetries() > 10)) {
            return Optional.of("spec.maxRetries must be between 0 and 10, was " + spec.maxRetries());
        }
        if (spec.maxTokens() != null && spec.maxTokens() < 1) {
            return Optional.of("spec.maxTokens must be >= 1");
        }
        try {
            Durations.parse(spec.timeoutOrDefault());
        } catch (IllegalArgumentException e) {
            return Optional.of("spec.timeout: " + e.getMessage());
        }
        var ref = spec.apiKeySecretRef();
        if (ref != null && (ref.name() == null || ref.name().isBlank() || ref.key() == null || ref.key().isBlank())) {
            return Optional.of("spec.apiKeySecretRef needs both name and key");
        }
        return Optional.empty();
    }
}
