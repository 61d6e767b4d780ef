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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The cascade asks the cheap stage with logprobs, stops when confident, escalates when not. */
@ExtendWith(VertxExtension.class)
class CascadeTest {

    @TempDir
    Path dir;
    OpenAiTestBackend small;
    OpenAiTestBackend large;
    SidecarFixture fx;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        small = OpenAiTestBackend.start(vertx, "small");
        large = OpenAiTestBackend.start(vertx, "large");
        // threshold: mean token logprob -0.5; stage skipped when its estimated error is above 0.6
        var table = new TestTables(TestEmbedder.get()).table("cascade", RoutingTable.STRATEGY_CASCADE, 0,
                new RoutingTable.Cascade(List.of("small", "large"), 0.6, -0.5, 2), null, List.of(
                        new TestTables.Spec(small, 0.75, 0.25, 0.0001),
                        new TestTables.Spec(large, 0.0, 0.0, 0.001)));
        fx = SidecarFixture.start(vertx, dir, table);
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
        small.close();
        large.close();
    }

    @Test
    void aConfidentCheapAnswerStopsTheCascade() throws Exception {
        small.tokenLogprob = -0.05;
        var r = fx.post("/v1/chat/completions", SidecarFixture.chat("cascade", "Who wrote the Magna Carta?"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("small");
        assertThat(r.getHeader("x-uniroute-cascade-stages")).isEqualTo("small");
        assertThat(large.requests).isEmpty();
        // the intermediate stage is asked for logprobs and not streamed
        assertThat(small.requests.get(0).getBoolean("logprobs")).isTrue();
        assertThat(small.requests.get(0).getBoolean("stream")).isFalse();
    }

    @Test
    void anUnsureCheapAnswerEscalates() throws Exception {
        small.tokenLogprob = -2.0;
        var r = fx.post("/v1/chat/completions", SidecarFixture.chat("cascade", "Who wrote the Magna Carta?"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("large");
        assertThat(r.getHeader("x-uniroute-cascade-stages")).isEqualTo("small,large");
        assertThat(r.bodyAsJsonObject().getJsonArray("choices").getJsonObject(0).getJsonObject("message")
                .getString("content")).isEqualTo("answer from large");
        assertThat(small.requests).hasSize(1);
        assertThat(large.requests).hasSize(1);
        assertThat(large.requests.get(0).containsKey("logprobs")).isFalse();
        assertThat(fx.get("/metrics").bodyAsString())
                .contains("uniroute_sidecar_cascade_escalations_total{from=\"small\",policy=\"cascade\"} 1.0");
    }

    @Test
    void aStageWhoseEstimatedErrorIsTooHighIsSkipped() throws Exception {
        // arithmetic: small's estimated error 0.75 > 0.6 → straight to large
        var r = fx.post("/v1/chat/completions", SidecarFixture.chat("cascade", "What is 48 times 12?"));
        assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("large");
        assertThat(r.getHeader("x-uniroute-cascade-stages")).isEqualTo("large");
        assertThat(small.requests).isEmpty();
    }

    @Test
    void theCostCeilingStopsBeforeTheExpensiveStage() throws Exception {
        small.tokenLogprob = -2.0; // unsure, yet large is over the ceiling: small's answer is returned
        var r = fx.post("/v1/chat/completions", SidecarFixture.chat("cascade", "Who wrote the Magna Carta?"),
                Map.of("x-uniroute-max-cost-usd", "0.0005"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("small");
        assertThat(large.requests).isEmpty();
    }

    @Test
    void aStreamingClientGetsAKeptIntermediateAnswerAsSse() throws Exception {
        small.tokenLogprob = -0.01;
        var r = fx.post("/v1/chat/completions", SidecarFixture.chat("cascade", "Who wrote the Magna Carta?").put("stream", true));
        assertThat(r.getHeader("content-type")).startsWith("text/event-stream");
        assertThat(r.bodyAsString()).contains("\"content\":\"answer from small\"").endsWith("data: [DONE]\n\n");
    }
}
