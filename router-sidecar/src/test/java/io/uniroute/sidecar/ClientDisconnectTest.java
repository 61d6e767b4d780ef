package io.uniroute.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.support.OpenAiTestBackend;
import io.uniroute.sidecar.support.SidecarFixture;
import io.uniroute.sidecar.support.TestEmbedder;
import io.uniroute.sidecar.support.TestTables;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that leaves before the backend has answered cancels the backend call: the sidecar resets
 * the upstream request (the slow backend sees its connection close), counts it, and neither falls
 * back to another backend nor holds it against the backend's circuit breaker.
 */
@ExtendWith(VertxExtension.class)
class ClientDisconnectTest {

    @TempDir
    Path dir;

    @Test
    void aClientLeavingBeforeTheAnswerCancelsTheBackendCall(Vertx vertx) throws Exception {
        OpenAiTestBackend slow = OpenAiTestBackend.start(vertx, "slow");
        OpenAiTestBackend other = OpenAiTestBackend.start(vertx, "other");
        slow.delayMillis = 20_000; // far longer than the test waits: only a reset closes its connection
        RoutingTable table = new TestTables(TestEmbedder.get()).table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null,
                new RoutingTable.Fallback(3, 1, 60_000), List.of(
                        new TestTables.Spec(slow, 0.0, 0.0, 0.001), new TestTables.Spec(other, 0.5, 0.5, 0.001)));
        SidecarFixture fx = SidecarFixture.start(vertx, dir, table);
        try {
            byte[] body = SidecarFixture.chat("qa", "Who was Cleopatra?").encode().getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", fx.sidecar.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                        + "content-length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                // the prompt is embedded first: on a machine shared by several builds that took over 10 s once
                await().atMost(Duration.ofSeconds(30)).until(() -> slow.requests.size() == 1);
            } // the client leaves while the backend is still thinking

            // within 3 s: the fixture's 5 s upstream idle timeout would also close it, but only later
            await().atMost(Duration.ofSeconds(3)).until(() -> slow.abandonedBeforeAnswer.get() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> fx.sidecar.metrics().scrape().contains(
                    "uniroute_sidecar_upstream_cancelled_total{backend=\"slow\",phase=\"waiting\"} 1.0"));
            String scrape = fx.sidecar.metrics().scrape();
            assertThat(other.requests).isEmpty(); // no fallback for a client who is gone
            assertThat(scrape).doesNotContain("uniroute_sidecar_fallbacks_total{");
            assertThat(fx.sidecar.metrics().scrape()).doesNotContain("uniroute_sidecar_circuit_open{backend=\"slow\"} 1.0");

            // the sidecar still serves, and the slow backend was not held against its breaker (threshold 1)
            slow.delayMillis = 0;
            var r = fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "Who was Cleopatra?"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("slow");
        } finally {
            fx.close();
            slow.close();
            other.close();
        }
    }
}
