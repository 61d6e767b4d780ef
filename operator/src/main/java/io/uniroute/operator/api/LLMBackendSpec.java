package io.uniroute.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One OpenAI-compatible model endpoint and its price. */
@ValidationRule(value = "isURL(self.endpoint) && (self.endpoint.startsWith('http://') || self.endpoint.startsWith('https://'))",
        message = "endpoint must be an http(s) URL such as https://api.example.com/v1", reason = "FieldValueInvalid")
public record LLMBackendSpec(
        @Required @Size(min = 8, max = 2048) @Pattern("^https?://\\S+$")
        @JsonPropertyDescription("Base URL of the OpenAI-compatible API, e.g. https://api.openai.com/v1; /chat/completions is appended")
        String endpoint,
        @Required @Size(min = 1, max = 256) @JsonPropertyDescription("The model name sent in each request")
        String model,
        @JsonPropertyDescription("Secret key holding the API key, sent as a Bearer token; omit for endpoints without auth")
        SecretKeyRef apiKeySecretRef,
        @Required Cost cost,
        @Min(1) @Max(256) @Default("4") @JsonPropertyDescription("Requests in flight at once while profiling")
        Integer maxConcurrency,
        @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m))+$") @Default("30s")
        @JsonPropertyDescription("Per-request timeout while profiling, and the routing sidecar's time-to-first-byte limit for this backend, e.g. 30s, 1m30s, 500ms")
        String timeout,
        @Min(0) @Max(10) @Default("3") @JsonPropertyDescription("Retries per prompt on 429, 5xx, timeouts and unreadable answers")
        Integer maxRetries,
        @Min(1) @Max(32768) @JsonPropertyDescription("max_tokens sent while profiling; omitted when unset")
        Integer maxTokens) {

    public int maxConcurrencyOrDefault() {
        return maxConcurrency == null ? 4 : maxConcurrency;
    }

    public int maxRetriesOrDefault() {
        return maxRetries == null ? 3 : maxRetries;
    }

    public String timeoutOrDefault() {
        return timeout == null ? "30s" : timeout;
    }
}
