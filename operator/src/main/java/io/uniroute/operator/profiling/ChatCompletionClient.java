package io.uniroute.operator.profiling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.uniroute.operator.api.ChatMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

/** One OpenAI chat completion at temperature 0 over java.net.http. Thread-safe. */
public final class ChatCompletionClient {

    private final HttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();

    public ChatCompletionClient(HttpClient http) {
        this.http = http;
    }

    public ChatCompletionClient() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build());
    }

    /** Where and how to call: the key is an {@link ApiKey}, so printing a target prints no secret. */
    public record Target(String backend, URI chatCompletionsUri, String model, ApiKey apiKey, Duration timeout, Integer maxTokens) {

        public static URI chatCompletionsUri(String endpoint) {
            String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
            return URI.create(base + "/chat/completions");
        }
    }

    /** The answer text, token usage (estimated at 4 characters a token when the backend reports none) and latency. */
    public record Answer(String content, long inputTokens, long outputTokens, long latencyMillis) {
    }

    public Answer complete(Target target, List<ChatMessage> messages) throws CallFailure, InterruptedException {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", target.model());
        body.put("temperature", 0);
        if (target.maxTokens() != null) {
            body.put("max_tokens", target.maxTokens());
        }
        ArrayNode msgs = body.putArray("messages");
        for (ChatMessage m : messages) {
            msgs.addObject().put("role", m.role()).put("content", m.content());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target.chatCompletionsUri())
                .timeout(target.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (target.apiKey() != null) {
            request.header("Authorization", target.apiKey().bearerHeader());
        }
        String where = "POST " + target.chatCompletionsUri();
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new CallFailure(CallFailure.Kind.TIMEOUT, 0, where + " gave no answer within " + target.timeout().toMillis()
                    + " ms; raise spec.timeout or lower spec.maxConcurrency if the backend is overloaded");
        } catch (ConnectException e) {
            throw new CallFailure(CallFailure.Kind.CONNECT, 0, "cannot connect to " + target.chatCompletionsUri().getAuthority()
                    + " (" + where + "); check spec.endpoint and that the backend is running");
        } catch (IOException e) {
            throw new CallFailure(CallFailure.Kind.CONNECT, 0, where + " failed: " + e.getClass().getSimpleName()
                    + "; check spec.endpoint and that the backend is running");
        }
        long latency = (System.nanoTime() - start) / 1_000_000;
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new CallFailure(CallFailure.Kind.HTTP_STATUS, status, where + " answered HTTP " + status + hint(status));
        }
        return parse(response.body(), where, latency, messages);
    }

    private Answer parse(String text, String where, long latency, List<ChatMessage> messages) throws CallFailure {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (IOException e) {
            throw invalid(where, "a body that is not JSON");
        }
        JsonNode content = root == null ? null : root.path("choices").path(0).path("message").path("content");
        if (content == null || !content.isTextual()) {
            throw invalid(where, "JSON without choices[0].message.content");
        }
        JsonNode usage = root.path("usage");
        long in = usage.path("prompt_tokens").asLong(-1);
        long out = usage.path("completion_tokens").asLong(-1);
        if (in < 0) {
            in = messages.stream().mapToLong(m -> m.content().length()).sum() / 4 + 1;
        }
        if (out < 0) {
            out = content.asText().length() / 4 + 1;
        }
        return new Answer(content.asText(), in, out, latency);
    }

    private static CallFailure invalid(String where, String what) {
        return new CallFailure(CallFailure.Kind.INVALID_RESPONSE, 200, where + " returned " + what
                + "; check that spec.endpoint serves the OpenAI chat completions API (it usually ends in /v1)");
    }

    private static String hint(int status) {
        return switch (status) {
            case 401, 403 -> "; check the API key in the Secret named by spec.apiKeySecretRef";
            case 404 -> "; check spec.endpoint (it usually ends in /v1) and spec.model";
            case 400, 422 -> "; the backend refused the request: check spec.model and spec.maxTokens";
            case 429 -> "; the backend is rate limiting: lower spec.maxConcurrency";
            default -> status >= 500 ? "; the backend is failing: check its logs" : "";
        };
    }
}
