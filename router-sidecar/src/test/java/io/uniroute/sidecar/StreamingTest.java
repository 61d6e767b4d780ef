package io.uniroute.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.support.OpenAiTestBackend;
import io.uniroute.sidecar.support.SidecarFixture;
import io.uniroute.sidecar.support.TestEmbedder;
import io.uniroute.sidecar.support.TestTables;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** SSE passes through chunk by chunk: the client sees each chunk before the backend sends the next. */
@ExtendWith(VertxExtension.class)
class StreamingTest {

    @TempDir
    Path dir;
    OpenAiTestBackend backend;
    SidecarFixture fx;

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
        backend.close();
    }

    @Test
    void sseChunksArriveOneByOneWhileTheBackendHoldsTheRest(Vertx vertx) throws Exception {
        backend = OpenAiTestBackend.start(vertx, "streamer");
        backend.answer = "one two three";
        backend.holdStream = true;
        var table = new TestTables(TestEmbedder.get()).table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null, null,
                List.of(new TestTables.Spec(backend, 0.1, 0.1, 0.001)));
        fx = SidecarFixture.start(vertx, dir, table);

        List<String> received = new CopyOnWriteArrayList<>();
        var client = vertx.createHttpClient();
        HttpClientResponse resp = SidecarFixture.await(client.request(new RequestOptions().setMethod(HttpMethod.POST)
                        .setHost("127.0.0.1").setPort(fx.sidecar.port()).setURI("/v1/chat/completions"))
                .compose(req -> req.putHeader("accept", "text/event-stream")
                        .send(SidecarFixture.chat("qa", "Who was Julius Caesar?").put("stream", true).toBuffer()))
                // the handler is set on the event loop as the head arrives, so no chunk passes unseen
                .onSuccess(r -> r.handler(buf -> received.add(buf.toString()))));
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.getHeader("content-type")).startsWith("text/event-stream");
        assertThat(resp.getHeader("x-uniroute-backend")).isEqualTo("streamer");

        await().atMost(Duration.ofSeconds(5)).until(() -> String.join("", received).contains("\"one\""));
        // the backend holds "two" back: the client must not have it yet, and the answer is not over
        assertThat(String.join("", received)).doesNotContain("two").doesNotContain("[DONE]");

        backend.releaseChunk();
        await().atMost(Duration.ofSeconds(5)).until(() -> String.join("", received).contains(" two"));
        assertThat(String.join("", received)).doesNotContain("three");

        backend.releaseChunk();
        backend.releaseChunk();
        await().atMost(Duration.ofSeconds(5)).until(() -> String.join("", received).contains("[DONE]"));
        assertThat(String.join("", received)).contains(" three");
        assertThat(backend.requests.get(0).getBoolean("stream")).isTrue();
        assertThat(backend.requests.get(0).getString("model")).isEqualTo("streamer-model");
        client.close();
    }

    @Test
    void aClientLeavingMidStreamStopsTheBackendStream(Vertx vertx) throws Exception {
        backend = OpenAiTestBackend.start(vertx, "streamer");
        backend.answer = "one two three";
        backend.holdStream = true;
        var table = new TestTables(TestEmbedder.get()).table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null, null,
                List.of(new TestTables.Spec(backend, 0.1, 0.1, 0.001)));
        fx = SidecarFixture.start(vertx, dir, table);

        List<String> received = new CopyOnWriteArrayList<>();
        var client = vertx.createHttpClient();
        HttpClientResponse resp = SidecarFixture.await(client.request(new RequestOptions().setMethod(HttpMethod.POST)
                        .setHost("127.0.0.1").setPort(fx.sidecar.port()).setURI("/v1/chat/completions"))
                .compose(req -> req.send(SidecarFixture.chat("qa", "Who was Julius Caesar?").put("stream", true).toBuffer()))
                .onSuccess(r -> r.handler(buf -> received.add(buf.toString()))));
        await().atMost(Duration.ofSeconds(5)).until(() -> String.join("", received).contains("\"one\""));
        SidecarFixture.await(resp.request().connection().close());
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.streamAbandoned);
        client.close();
    }
}
