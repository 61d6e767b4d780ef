package io.uniroute.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.support.H2cClient;
import io.uniroute.sidecar.support.OpenAiTestBackend;
import io.uniroute.sidecar.support.SidecarFixture;
import io.uniroute.sidecar.support.TestEmbedder;
import io.uniroute.sidecar.support.TestTables;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input gets its status and an OpenAI-style error body; the sidecar keeps serving. */
@ExtendWith(VertxExtension.class)
class BadInputTest {

    @TempDir
    Path dir;
    OpenAiTestBackend backend;
    SidecarFixture fx;

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
        backend.close();
    }

    private void start(Vertx vertx, boolean withTable) throws Exception {
        backend = OpenAiTestBackend.start(vertx, "only");
        var table = new TestTables(TestEmbedder.get()).table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null, null,
                List.of(new TestTables.Spec(backend, 0.1, 0.1, 0.001)));
        fx = SidecarFixture.start(vertx, dir, withTable ? table : null,
                SidecarConfig.defaults().withLimits(4096, java.time.Duration.ofSeconds(5), java.time.Duration.ofMillis(100)),
                withTable);
    }

    private static void assertError(HttpResponse<Buffer> r, int status, String code) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        assertThat(r.getHeader("content-type")).isEqualTo("application/json");
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo(code);
        assertThat(error.getString("message")).isNotBlank();
        assertThat(error.getString("type")).isNotBlank();
    }

    @Test
    void noTableYetIs503AndNotReady(Vertx vertx) throws Exception {
        start(vertx, false);
        assertError(fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "hi")), 503, "no_routing_table");
        assertThat(fx.get("/readyz").statusCode()).isEqualTo(503);
        assertThat(fx.get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void aTooLargeBodyOverHttp2Is413AndLeavesTheConnectionsOtherStreams(Vertx vertx) throws Exception {
        // h2c (a proxy in front may multiplex several clients on one connection): "connection: close" is
        // illegal in HTTP/2 and closing the connection would end the other streams
        start(vertx, true);
        backend.delayMillis = 1500;
        try (H2cClient h2 = new H2cClient(vertx)) {
            var slow = h2.post(fx.sidecar.port(), "/v1/chat/completions", Map.of(),
                    SidecarFixture.chat("qa", "Who was Cleopatra?").encode());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> backend.requests.size() == 1);
            var tooLarge = SidecarFixture.await(h2.post(fx.sidecar.port(), "/v1/chat/completions", Map.of(),
                    SidecarFixture.chat("qa", "x".repeat(5000)).encode()));
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.version()).isEqualTo(io.vertx.core.http.HttpVersion.HTTP_2);
            assertThat(new JsonObject(tooLarge.body()).getJsonObject("error").getString("code")).isEqualTo("request_too_large");
            var other = SidecarFixture.await(slow);
            assertThat(other.status()).as("the other stream on the connection").isEqualTo(200);
            assertThat(other.connection()).as("one connection carried both streams").isSameAs(tooLarge.connection());
        }
    }

    @Test
    void clientErrors(Vertx vertx) throws Exception {
        start(vertx, true);
        assertThat(fx.get("/readyz").statusCode()).isEqualTo(200);
        assertError(fx.postRaw("/v1/chat/completions", Buffer.buffer("{\"model\": \"qa\", ")), 400, "invalid_json");
        assertError(fx.postRaw("/v1/chat/completions", Buffer.buffer("[1, 2]")), 400, "invalid_json");
        assertError(fx.post("/v1/chat/completions", new JsonObject().put("model", "qa")), 400, "missing_messages");
        assertError(fx.post("/v1/chat/completions", new JsonObject().put("model", "qa").put("messages", "hi")),
                400, "missing_messages");
        assertError(fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "hi").put("model", 7)), 400, "missing_model");
        assertError(fx.post("/v1/completions", new JsonObject().put("model", "qa")), 400, "missing_prompt");
        assertError(fx.post("/v1/chat/completions", SidecarFixture.chat("gpt-17", "hi")), 404, "model_not_found");
        assertError(fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "hi"),
                Map.of("x-uniroute-cost-weight", "-1")), 400, "invalid_header");
        assertError(fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "hi"),
                Map.of("x-uniroute-max-cost-usd", "cheap")), 400, "invalid_header");
        assertError(fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "hi"),
                Map.of("x-uniroute-max-cost-usd", "0.00001")), 400, "cost_ceiling");
        assertError(fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "x".repeat(5000))), 413, "request_too_large");
        assertError(fx.get("/v1/nothing"), 404, "unknown_url");
        assertThat(backend.requests).isEmpty();
        // and it still serves
        assertThat(fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "hi")).statusCode()).isEqualTo(200);
    }

    @Test
    void aStalledUploadIsClosedNotLeftHanging(Vertx vertx) throws Exception {
        backend = OpenAiTestBackend.start(vertx, "only");
        var table = new TestTables(TestEmbedder.get()).table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null, null,
                List.of(new TestTables.Spec(backend, 0.1, 0.1, 0.001)));
        fx = SidecarFixture.start(vertx, dir, table, SidecarConfig.defaults()
                .withLimits(4096, java.time.Duration.ofMillis(500), java.time.Duration.ofMillis(100)), true);
        var socket = SidecarFixture.await(vertx.createNetClient().connect(fx.sidecar.port(), "127.0.0.1"));
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        StringBuilder answer = new StringBuilder();
        socket.handler(b -> answer.append(b.toString()));
        socket.closeHandler(v -> closed.set(true));
        // headers promising 100 bytes, then nothing
        socket.write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"model\":");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilTrue(closed);
        assertThat(answer.toString()).startsWith("HTTP/1.1 408").contains("request_timeout");
        assertThat(backend.requests).isEmpty();
    }

    @Test
    void allBackendsFailedIs502(Vertx vertx) throws Exception {
        start(vertx, true);
        backend.failStatus = 500;
        var r = fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "hi"));
        assertError(r, 502, "all_backends_failed");
        assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("only (status 500)");
    }
}
