package io.uniroute.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uniroute.replay.datasets.BundledDatasets;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fault injection and latency, per model, configured up front or while serving. */
class ReplayFaultsTest {

    private static final String A = "gemma-2-9b-it";
    private static final String B = "qwen2.5-7b-instruct";
    private ReplayServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private OpenAiTestClient start(ReplayServer.Builder builder) {
        server = builder.start();
        return new OpenAiTestClient(server.baseUrl());
    }

    private static ReplayServer.Builder builder() {
        return ReplayServer.builder(BundledDatasets.llmrouterMini()).models(List.of(A, B)).seed(42);
    }

    @Test
    void errorsHappenAtTheConfiguredRateOnlyOnThatModel() {
        OpenAiTestClient client = start(builder().faults(A, FaultPlan.NONE.withErrorRate(0.3)));
        int n = 200;
        List<Integer> statuses = IntStream.range(0, n)
                .mapToObj(i -> client.post("/chat/completions", OpenAiTestClient.chat(A, "q" + i)).statusCode()).toList();
        long errors = statuses.stream().filter(s -> s == 500).count();
        // Binomial(200, 0.3): mean 60, sd 6.5; the bounds are over 4 sd away.
        assertThat(errors).isBetween(32L, 88L);
        assertThat(statuses).containsOnly(200, 500);
        assertThat(server.faultCount(A)).isEqualTo(errors);
        assertThat(server.requestCount(A)).isEqualTo(n);
        assertThat(IntStream.range(0, 20).map(i -> client.post("/chat/completions", OpenAiTestClient.chat(B, "q" + i)).statusCode()))
                .containsOnly(200);
    }

    @Test
    void serverErrorsAndRateLimitsHaveOpenAiBodies() {
        OpenAiTestClient client = start(builder().faults(A, FaultPlan.NONE.withErrorRate(1)).faults(B, FaultPlan.NONE.withRateLimitRate(1)));
        HttpResponse<String> error = client.post("/chat/completions", OpenAiTestClient.chat(A, "x"));
        assertThat(error.statusCode()).isEqualTo(500);
        assertThat(OpenAiTestClient.parse(error.body()).at("/error/type").asText()).isEqualTo("server_error");
        HttpResponse<String> limited = client.post("/chat/completions", OpenAiTestClient.chat(B, "x"));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(OpenAiTestClient.parse(limited.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void garbageBodiesAreNotJson() {
        OpenAiTestClient client = start(builder().faults(A, FaultPlan.NONE.withGarbageRate(1)));
        HttpResponse<String> r = client.post("/chat/completions", OpenAiTestClient.chat(A, "x"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> OpenAiTestClient.JSON.readTree(r.body())).isInstanceOf(IOException.class);
    }

    @Test
    void hangsOutlastAClientTimeoutThenHangUp() {
        OpenAiTestClient client = start(builder()
                .faults(A, FaultPlan.NONE.withHang(1, Duration.ofSeconds(20)))
                .faults(B, FaultPlan.NONE.withHang(1, Duration.ZERO)));
        HttpRequest slow = client.request("/chat/completions").timeout(Duration.ofMillis(300))
                .POST(HttpRequest.BodyPublishers.ofString(OpenAiTestClient.chat(A, "x").toString())).build();
        assertThatThrownBy(() -> client.http().send(slow, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        HttpRequest hangUp = client.request("/chat/completions")
                .POST(HttpRequest.BodyPublishers.ofString(OpenAiTestClient.chat(B, "x").toString())).build();
        assertThatThrownBy(() -> client.http().send(hangUp, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void faultsAndLatencyChangeWhileServing() {
        OpenAiTestClient client = start(builder());
        assertThat(client.post("/chat/completions", OpenAiTestClient.chat(A, "x")).statusCode()).isEqualTo(200);
        server.setFaults(A, FaultPlan.NONE.withErrorRate(1));
        assertThat(client.post("/chat/completions", OpenAiTestClient.chat(A, "x")).statusCode()).isEqualTo(500);
        server.setFaults(A, FaultPlan.NONE);
        server.setLatency(A, Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertThat(client.post("/chat/completions", OpenAiTestClient.chat(A, "x")).statusCode()).isEqualTo(200);
        // A lower bound only: the answer cannot come before the configured latency.
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(server.behaviour(A).latency()).isEqualTo(Duration.ofMillis(300));
        assertThat(server.behaviour(B).latency()).isZero();
    }

    @Test
    void badPlansAreRejected() {
        assertThatThrownBy(() -> new FaultPlan(0.7, 0.5, 0, 0, Duration.ZERO)).hasMessageContaining("more than 1");
        assertThatThrownBy(() -> FaultPlan.NONE.withErrorRate(-0.1)).hasMessageContaining("errorRate");
        assertThatThrownBy(() -> builder().faults("not-served", FaultPlan.NONE).start()).hasMessageContaining("not served");
    }
}
