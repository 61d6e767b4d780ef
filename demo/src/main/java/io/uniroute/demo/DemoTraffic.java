package io.uniroute.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.uniroute.core.grading.Graders;
import io.uniroute.replay.answers.GradedPrompt;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sends held-out prompts through the sidecar as an application would, and grades each answer with
 * the prompt's grader. {@code model} is the policy (routed) or a backend's name (pinned).
 */
final class DemoTraffic implements AutoCloseable {

    private static final int IN_FLIGHT = 8;

    private final URI sidecar;
    private final Prices prices;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT, r -> {
        Thread t = new Thread(r, "demo-traffic");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http;

    DemoTraffic(URI sidecar, Prices prices) {
        this.sidecar = sidecar;
        this.prices = prices;
        // the client keeps its own executor: sharing the pool whose threads block in send() would deadlock
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    TrafficResult run(String label, String model, Double costWeight, List<GradedPrompt> prompts) {
        List<CompletableFuture<Answer>> futures = new ArrayList<>();
        for (GradedPrompt p : prompts) {
            futures.add(CompletableFuture.supplyAsync(() -> ask(model, costWeight, p), pool));
        }
        List<Answer> answers = futures.stream().map(CompletableFuture::join).toList();
        return new TrafficResult(label, answers);
    }

    private Answer ask(String model, Double costWeight, GradedPrompt prompt) {
        try {
            String body = json.writeValueAsString(Map.of("model", model, "temperature", 0,
                    "messages", List.of(Map.of("role", "user", "content", prompt.message()))));
            HttpRequest.Builder req = HttpRequest.newBuilder(sidecar.resolve("/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(60))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (costWeight != null) {
                req.header("x-uniroute-cost-weight", Double.toString(costWeight));
            }
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the sidecar answered " + r.statusCode() + ": " + r.body());
            }
            String backend = r.headers().firstValue("x-uniroute-backend")
                    .orElseThrow(() -> new IllegalStateException("no x-uniroute-backend header"));
            // "none": the sidecar routed without the prompt's embedding (its bounded embedding wait ran out under load)
            int cluster = r.headers().firstValue("x-uniroute-cluster").filter(v -> !v.equals("none")).map(Integer::parseInt).orElse(-1);
            JsonNode node = json.readTree(r.body());
            String content = node.path("choices").path(0).path("message").path("content").asText("");
            JsonNode usage = node.path("usage");
            double cost = prices.costUsd(backend, usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong());
            boolean correct = Graders.of(prompt.grader(), null).isCorrect(content, prompt.reference());
            return new Answer(prompt.id(), prompt.task(), backend, cluster, correct, cost);
        } catch (IOException e) {
            throw new IllegalStateException("request to the sidecar failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Whether the sidecar's {@code GET /v1/models} lists this model (a policy or a backend of a loaded table). */
    boolean lists(String model) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(sidecar.resolve("/v1/models"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return false;
            }
            for (JsonNode m : json.readTree(r.body()).path("data")) {
                if (model.equals(m.path("id").asText())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The oracle over pinned runs: per prompt, the cheapest backend that answered right (or the
     * cheapest backend when none did).
     */
    static TrafficResult oracle(List<TrafficResult> pinned) {
        List<Answer> out = new ArrayList<>();
        int n = pinned.get(0).answers().size();
        for (int i = 0; i < n; i++) {
            Answer best = null;
            for (TrafficResult run : pinned) {
                Answer a = run.answers().get(i);
                if (best == null || (a.correct() && !best.correct())
                        || (a.correct() == best.correct() && a.costUsd() < best.costUsd())) {
                    best = a;
                }
            }
            out.add(best);
        }
        return new TrafficResult("oracle", out);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
