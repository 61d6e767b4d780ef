package io.uniroute.sidecar.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.SidecarConfig;
import io.uniroute.sidecar.support.SidecarFixture;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A 200 that is not a completion falls back like a 5xx; a stream is checked up to its first event. */
@ExtendWith(VertxExtension.class)
class BadAnswerTest {

    @TempDir
    Path dir;

    @Test
    void aNonJsonAnswerFallsBack(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir)) {
            b.best.garbage = "<html>502 Bad Gateway</html>";
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("second");
            assertThat(r.bodyAsJsonObject().getJsonArray("choices")).isNotEmpty();
            assertThat(b.fx.get("/metrics").bodyAsString())
                    .contains("uniroute_sidecar_fallbacks_total{from=\"best\",reason=\"bad_answer\"} 1.0");
        }
    }

    @Test
    void jsonWithoutChoicesFallsBack(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir)) {
            b.best.garbage = "{\"status\":\"queued\"}";
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("second");
        }
    }

    @Test
    void aStreamWhoseFirstEventIsNotAChunkFallsBackBeforeAnythingIsSent(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir)) {
            b.best.streamGarbage = "data: {\"choices\": [broken\n\n";
            var body = SidecarFixture.chat("qa", ThreeBackends.PROMPT).put("stream", true);
            String text = SidecarFixture.await(b.fx.vertx.createHttpClient()
                    .request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                            .setPort(b.fx.sidecar.port()).setURI("/v1/chat/completions"))
                    .compose(req -> req.send(body.toBuffer()))
                    .compose(resp -> {
                        assertThat(resp.statusCode()).isEqualTo(200);
                        assertThat(resp.getHeader("x-uniroute-backend")).isEqualTo("second");
                        return resp.body();
                    })).toString();
            assertThat(text).doesNotContain("broken").contains("answer").endsWith("data: [DONE]\n\n");
            assertThat(b.best.requests).hasSize(1);
        }
    }

    @Test
    void aStreamThatEndsBeforeItsFirstEventFallsBack(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir)) {
            b.best.streamGarbage = ": keep-alive\n\n"; // a comment only, then the end
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT).put("stream", true));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("second");
        }
    }

    @Test
    void aSporadicBadAnswerIsAskedOnceMoreWhenEveryOtherCandidateFailed(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir, new RoutingTable.Fallback(4, 5, 60_000),
                SidecarConfig.defaults(), t -> t)) {
            b.best.garbageTimes.set(1);
            b.second.failStatus = 500;
            b.worst.failStatus = 503;
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("best");
            assertThat(b.best.requests).as("asked again as the fourth attempt").hasSize(2);
        }
    }
}
