package io.uniroute.sidecar.resilience;

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

/** A client leaving during an intermediate cascade stage cancels that stage; no later stage is called. */
@ExtendWith(VertxExtension.class)
class CascadeCancelTest {

    @TempDir
    Path dir;

    @Test
    void aClientLeavingCancelsTheStageInFlight(Vertx vertx) throws Exception {
        OpenAiTestBackend small = OpenAiTestBackend.start(vertx, "small");
        OpenAiTestBackend large = OpenAiTestBackend.start(vertx, "large");
        small.bodyDelayMillis = 20_000; // its head comes at once, its body much later
        var table = new TestTables(TestEmbedder.get()).table("cascade", RoutingTable.STRATEGY_CASCADE, 0,
                new RoutingTable.Cascade(List.of("small", "large"), 1.0, -0.5, 2), null, List.of(
                        new TestTables.Spec(small, 0.25, 0.25, 0.0001),
                        new TestTables.Spec(large, 0.0, 0.0, 0.001)));
        try (SidecarFixture fx = SidecarFixture.start(vertx, dir, table)) {
            byte[] body = SidecarFixture.chat("cascade", "Who wrote the Magna Carta?").encode()
                    .getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", fx.sidecar.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                        + "content-length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                await().atMost(Duration.ofSeconds(10)).until(() -> small.requests.size() == 1);
            } // the client leaves while the first stage's body is still to come

            // within 3 s: the fixture's 5 s idle timeout would also end it, but only later
            await().atMost(Duration.ofSeconds(3)).until(() -> small.abandonedBeforeAnswer.get() == 1);
            assertThat(large.requests).isEmpty();
        } finally {
            small.close();
            large.close();
        }
    }
}
