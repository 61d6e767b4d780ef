package io.uniroute.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.support.OpenAiTestBackend;
import io.uniroute.sidecar.support.SidecarFixture;
import io.uniroute.sidecar.support.TestEmbedder;
import io.uniroute.sidecar.support.TestTables;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the router (SIGTERM: a gateway replica scaled down by its HPA, a rollout, a drain) lets the
 * requests in flight finish instead of cutting them, and takes no new connection.
 */
@ExtendWith(VertxExtension.class)
class ShutdownTest {

    @TempDir
    Path dir;

    @Test
    void duringTheShutdownDelayReadinessFailsWhileNewConnectionsAreStillServed(Vertx vertx) throws Exception {
        OpenAiTestBackend a = OpenAiTestBackend.start(vertx, "a");
        var table = new TestTables(TestEmbedder.get()).table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null, null,
                List.of(new TestTables.Spec(a, 0, 0, 0.001)));
        var config = SidecarConfig.parse(new String[] {"--host", "127.0.0.1", "--port", "0", "--shutdown-delay-ms", "8000"},
                Map.of());
        SidecarFixture f = SidecarFixture.start(vertx, dir, table, config, true);
        WebClient late = WebClient.create(vertx); // its own connections: opened only after the stop began
        try {
            int port = f.sidecar.port();
            assertThat(SidecarFixture.await(f.client.get(port, "127.0.0.1", "/readyz").send()).statusCode()).isEqualTo(200);
            assertThat(f.post("/v1/chat/completions", SidecarFixture.chat("qa", "Who was Cleopatra?")).statusCode())
                    .isEqualTo(200);

            var stopping = f.sidecar.close();
            var readyz = SidecarFixture.await(late.get(port, "127.0.0.1", "/readyz").send());
            assertThat(readyz.statusCode()).as("not ready as soon as the stop begins").isEqualTo(503);
            assertThat(readyz.bodyAsJsonObject().getString("status")).isEqualTo("stopping");
            var during = SidecarFixture.await(late.post(port, "127.0.0.1", "/v1/chat/completions")
                    .sendJsonObject(SidecarFixture.chat("qa", "Who was Cleopatra?")));
            assertThat(during.statusCode()).as("a new connection during the delay is still served").isEqualTo(200);
            assertThat(stopping.isComplete()).as("still within the delay").isFalse();
            assertThat(SidecarFixture.await(late.get(port, "127.0.0.1", "/healthz").send()).statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).until(stopping::isComplete);
            assertThat(stopping.succeeded()).isTrue();
            WebClient after = WebClient.create(vertx);
            try {
                assertThatThrownBy(() -> SidecarFixture.await(after.get(port, "127.0.0.1", "/healthz").send()))
                        .as("after the delay and the shutdown no new connection is taken").isNotNull();
            } finally {
                after.close();
            }
        } finally {
            late.close();
            f.client.close();
            a.close();
        }
    }

    @Test
    void aRequestInFlightIsAnsweredWhileTheRouterStops(Vertx vertx) throws Exception {
        OpenAiTestBackend a = OpenAiTestBackend.start(vertx, "a");
        a.delayMillis = 1500;
        var table = new TestTables(TestEmbedder.get()).table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null, null,
                List.of(new TestTables.Spec(a, 0, 0, 0.001)));
        SidecarFixture f = SidecarFixture.start(vertx, dir, table);
        WebClient late = WebClient.create(vertx);
        try {
            int port = f.sidecar.port();
            var inFlight = f.client.post(port, "127.0.0.1", "/v1/chat/completions")
                    .sendJsonObject(SidecarFixture.chat("qa", "Who was Cleopatra?"));
            await().atMost(Duration.ofSeconds(10)).until(() -> a.requests.size() == 1); // at the backend now

            var stopping = f.sidecar.close();
            assertThat(SidecarFixture.await(inFlight).statusCode()).as("the request in flight when the stop began")
                    .isEqualTo(200);
            SidecarFixture.await(stopping);
            assertThatThrownBy(() -> SidecarFixture.await(late.get(port, "127.0.0.1", "/healthz").send()))
                    .as("a stopped router takes no new connection").isNotNull();
        } finally {
            late.close();
            f.client.close();
            a.close();
        }
    }
}
