package io.uniroute.sidecar.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.SidecarConfig;
import io.uniroute.sidecar.support.SidecarFixture;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The half-open trial of a breaker is given back when its client leaves: the backend is tried
 * again by the next request instead of vanishing from routing for good.
 */
@ExtendWith(VertxExtension.class)
class BreakerTrialTest {

    @TempDir
    Path dir;

    @Test
    void aTrialWhoseClientLeftIsReleased(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir, new RoutingTable.Fallback(3, 1, 1_000),
                SidecarConfig.defaults(), t -> t)) {
            b.best.failStatus = 500; // threshold 1: one failure opens its breaker for 1 s
            var first = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
            assertThat(first.getHeader("x-uniroute-backend")).isEqualTo("second");
            b.best.failStatus = 0;
            b.best.delayMillis = 20_000;

            // After the open second, a request takes the half-open trial; its client leaves while best thinks.
            await().pollDelay(Duration.ofMillis(1_200)).atMost(Duration.ofSeconds(10)).until(() -> true);
            byte[] body = SidecarFixture.chat("qa", ThreeBackends.PROMPT).encode().getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", b.fx.sidecar.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                        + "content-length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                await().atMost(Duration.ofSeconds(10)).until(() -> b.best.requests.size() == 2);
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> b.best.abandonedBeforeAnswer.get() == 1);

            // best is healthy again: the released trial lets a request reach it, which closes the breaker.
            b.best.delayMillis = 0;
            await().atMost(Duration.ofSeconds(5)).until(() -> "best".equals(b.fx.post("/v1/chat/completions",
                    SidecarFixture.chat("qa", ThreeBackends.PROMPT)).getHeader("x-uniroute-backend")));
            assertThat(b.fx.get("/metrics").bodyAsString()).contains("uniroute_sidecar_circuit_open{backend=\"best\"} 0.0");
        }
    }

    @Test
    void aBackendWhoseBreakerIsOpenIsTheLastResort(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir, new RoutingTable.Fallback(3, 1, 60_000),
                SidecarConfig.defaults(), t -> t)) {
            b.best.failStatus = 500; // threshold 1: open for a minute
            assertThat(b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT))
                    .getHeader("x-uniroute-backend")).isEqualTo("second");
            assertThat(b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT))
                    .getHeader("x-uniroute-backend")).as("kept out while others answer").isEqualTo("second");
            assertThat(b.best.requests).hasSize(1);

            b.best.failStatus = 0; // recovered, its breaker still open
            b.second.failStatus = 500;
            b.worst.failStatus = 502;
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
            assertThat(r.statusCode()).as("called once every other candidate failed").isEqualTo(200);
            assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("best");
        }
    }
}
