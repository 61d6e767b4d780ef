package io.uniroute.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.support.H2cClient;
import io.uniroute.sidecar.support.OpenAiTestBackend;
import io.uniroute.sidecar.support.SidecarFixture;
import io.uniroute.sidecar.support.TestEmbedder;
import io.uniroute.sidecar.support.TestTables;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Client keys in a running gateway (a mounted table): rotation, refusal to start without keys, and sidecar mode's client="none". */
@ExtendWith(VertxExtension.class)
class GatewayAuthTest {

    @TempDir
    Path dir;

    @Test
    void aRotatedKeyIsAcceptedAndTheOldOneRefusedWithinAPoll(Vertx vertx) throws Exception {
        OpenAiTestBackend a = OpenAiTestBackend.start(vertx, "a");
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve("app"), "sk-first");
        SidecarConfig base = SidecarConfig.parse(new String[] {"--mode", "gateway", "--host", "127.0.0.1", "--port", "0",
                "--client-keys-dir", keys.toString(), "--instances", "1"}, Map.of());
        try (SidecarFixture f = SidecarFixture.start(vertx, dir, table(a), base, true)) {
            assertThat(f.post("/v1/chat/completions", chat(), Map.of("authorization", "Bearer sk-first")).statusCode())
                    .isEqualTo(200);
            Files.writeString(keys.resolve("app"), "sk-second");
            await().atMost(Duration.ofSeconds(10)).until(() -> f.post("/v1/chat/completions", chat(),
                    Map.of("authorization", "Bearer sk-second")).statusCode() == 200);
            assertThat(f.post("/v1/chat/completions", chat(), Map.of("authorization", "Bearer sk-first")).statusCode())
                    .isEqualTo(401);
            assertThat(a.authorizations).as("the client's key never reaches the backend")
                    .noneMatch(h -> h.contains("sk-first") || h.contains("sk-second"));
        } finally {
            a.close();
        }
    }

    @Test
    void aRefusedRequestOnAnHttp2ConnectionDoesNotKillTheOtherStreamsOnIt(Vertx vertx) throws Exception {
        // a proxy in front (an ingress speaking h2c upstream) multiplexes many clients on one connection:
        // one client's wrong key must end its own stream only, never the others' requests
        OpenAiTestBackend a = OpenAiTestBackend.start(vertx, "a");
        a.delayMillis = 1500;
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve("app"), "sk-good");
        SidecarConfig base = SidecarConfig.parse(new String[] {"--mode", "gateway", "--host", "127.0.0.1", "--port", "0",
                "--client-keys-dir", keys.toString(), "--instances", "1"}, Map.of());
        try (SidecarFixture f = SidecarFixture.start(vertx, dir, table(a), base, true); H2cClient h2 = new H2cClient(vertx)) {
            var slow = h2.post(f.sidecar.port(), "/v1/chat/completions", Map.of("authorization", "Bearer sk-good"),
                    chat().encode());
            await().atMost(Duration.ofSeconds(10)).until(() -> a.requests.size() == 1); // in flight at the backend
            var refused = SidecarFixture.await(h2.post(f.sidecar.port(), "/v1/chat/completions",
                    Map.of("authorization", "Bearer sk-bad"), chat().encode()));
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.version()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("code")).isEqualTo("invalid_api_key");
            var other = SidecarFixture.await(slow);
            assertThat(other.status()).as("the other client's request on the connection").isEqualTo(200);
            assertThat(other.connection()).as("one connection carried both streams").isSameAs(refused.connection());
        } finally {
            a.close();
        }
    }

    @Test
    void gatewayModeRefusesToStartWithoutKeysUnlessToldTo(Vertx vertx) throws Exception {
        Path table = dir.resolve("routing.json");
        SidecarConfig noKeys = SidecarConfig.parse(new String[] {"--mode", "gateway", "--host", "127.0.0.1", "--port", "0",
                "--table-file", table.toString()}, Map.of());
        assertThat(noKeys.refusal()).hasValueSatisfying(m -> assertThat(m).contains("--client-keys-dir")
                .contains("--allow-unauthenticated"));
        assertThatThrownBy(() -> SidecarFixture.await(Sidecar.start(vertx, noKeys, TestEmbedder.get())))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("--client-keys-dir");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        SidecarConfig emptyKeys = noKeys.withGateway(true, noKeys.policyNamespace(), noKeys.policies(),
                java.util.Optional.of(empty), false);
        assertThatThrownBy(() -> SidecarFixture.await(Sidecar.start(vertx, emptyKeys, TestEmbedder.get())))
                .hasMessageContaining("holds no key");

        // the explicit opt-out starts, and serves without a key
        OpenAiTestBackend a = OpenAiTestBackend.start(vertx, "a");
        SidecarConfig open = SidecarConfig.parse(new String[] {"--mode", "gateway", "--host", "127.0.0.1", "--port", "0",
                "--allow-unauthenticated", "--instances", "1"}, Map.of());
        assertThat(open.allowUnauthenticated()).isTrue();
        assertThat(open.refusal()).isEmpty();
        try (SidecarFixture f = SidecarFixture.start(vertx, dir, table(a), open, true)) {
            assertThat(f.post("/v1/chat/completions", chat()).statusCode()).isEqualTo(200);
        } finally {
            a.close();
        }
    }

    @Test
    void sidecarModeNeedsNoKeyAndLabelsRequestsClientNone(Vertx vertx) throws Exception {
        OpenAiTestBackend a = OpenAiTestBackend.start(vertx, "a");
        try (SidecarFixture f = SidecarFixture.start(vertx, dir, table(a))) {
            assertThat(f.post("/v1/chat/completions", chat(), Map.of("authorization", "Bearer anything")).statusCode())
                    .isEqualTo(200);
            assertThat(f.sidecar.metrics().scrape())
                    .contains("uniroute_sidecar_requests_total{backend=\"a\",client=\"none\",outcome=\"ok\",policy=\"qa\"} 1.0");
            assertThat(a.authorizations).containsExactly("");
        } finally {
            a.close();
        }
    }

    private static RoutingTable table(OpenAiTestBackend a) {
        return new TestTables(TestEmbedder.get()).table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null, null,
                List.of(new TestTables.Spec(a, 0, 0, 0.001)));
    }

    private static io.vertx.core.json.JsonObject chat() {
        return SidecarFixture.chat("qa", "Who was Cleopatra?");
    }
}
