package io.uniroute.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.support.OpenAiTestBackend;
import io.uniroute.sidecar.support.SidecarFixture;
import io.uniroute.sidecar.support.TestEmbedder;
import io.uniroute.sidecar.support.TestTables;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A failed backend falls back to the next-best by the same score; a failing one is kept out by its breaker. */
@ExtendWith(VertxExtension.class)
class FallbackTest {

    @TempDir
    Path dir;
    OpenAiTestBackend best;
    OpenAiTestBackend second;
    OpenAiTestBackend worst;
    SidecarFixture fx;

    RoutingTable table;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        best = OpenAiTestBackend.start(vertx, "best");
        second = OpenAiTestBackend.start(vertx, "second");
        worst = OpenAiTestBackend.start(vertx, "worst");
        // λ = 0, history prompt: best 0 error, second 0.25, worst 0.75 (listed first, so order is not table order)
        table = new TestTables(TestEmbedder.get()).table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null,
                new RoutingTable.Fallback(2, 2, 60_000), List.of(
                        new TestTables.Spec(worst, 0.75, 0.75, 0.0001),
                        new TestTables.Spec(best, 0.0, 0.0, 0.001),
                        new TestTables.Spec(second, 0.25, 0.25, 0.0005)));
        fx = SidecarFixture.start(vertx, dir, table);
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
        best.close();
        second.close();
        worst.close();
    }

    @Test
    void a500FallsBackToTheNextBest() throws Exception {
        best.failStatus = 500;
        var r = fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "Who was Charlemagne?"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("second");
        assertThat(best.requests).hasSize(1);
        assertThat(worst.requests).isEmpty();
        assertThat(fx.get("/metrics").bodyAsString())
                .contains("uniroute_sidecar_fallbacks_total{from=\"best\",reason=\"5xx\"} 1.0");
    }

    @Test
    void aDeadBackendFallsBackToo() throws Exception {
        best.close(); // connection refused
        var r = fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "Who was Charlemagne?"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("second");
        best = OpenAiTestBackend.start(fx.vertx, "best-again"); // for tearDown
    }

    @Test
    void aBackendTooSlowToAnswerTimesOutAndFallsBack(Vertx vertx) throws Exception {
        fx.close();
        fx = SidecarFixture.start(vertx, dir, table, SidecarConfig.defaults()
                .withLimits(1 << 20, java.time.Duration.ofMillis(300), java.time.Duration.ofMillis(100)), true);
        best.delayMillis = 3000; // silent for longer than the 300 ms idle timeout
        var r = fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "Who was Charlemagne?"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("second");
        assertThat(fx.get("/metrics").bodyAsString())
                .contains("uniroute_sidecar_fallbacks_total{from=\"best\",reason=\"timeout\"} 1.0");
    }

    @Test
    void whenEveryAttemptFailsThe502NamesTheBackendsTried() throws Exception {
        best.failStatus = 503;
        second.failStatus = 500;
        var r = fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "Who was Charlemagne?"));
        assertThat(r.statusCode()).isEqualTo(502);
        String message = r.bodyAsJsonObject().getJsonObject("error").getString("message");
        assertThat(message).contains("best (status 503)").contains("second (status 500)");
        assertThat(worst.requests).as("maxAttempts = 2 bounds the fallback").isEmpty();
    }

    @Test
    void theCircuitBreakerKeepsAFailingBackendOut() throws Exception {
        best.failStatus = 500;
        fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "Who was Charlemagne?"));
        fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "Who was Charlemagne?"));
        assertThat(best.requests).hasSize(2); // failureThreshold = 2: now open for a minute
        var r = fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "Who was Charlemagne?"));
        assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("second");
        assertThat(best.requests).hasSize(2);
        assertThat(fx.get("/metrics").bodyAsString()).contains("uniroute_sidecar_circuit_open{backend=\"best\"} 1.0");
    }
}
