package io.uniroute.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.uniroute.core.embedding.CachingEmbedder;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.core.table.RoutingTableJson;
import io.uniroute.sidecar.support.FakeKubernetesApi;
import io.uniroute.sidecar.support.OpenAiTestBackend;
import io.uniroute.sidecar.support.SidecarFixture;
import io.uniroute.sidecar.support.TestEmbedder;
import io.uniroute.sidecar.support.TestTables;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table from the operator's ConfigMap, watched through the API: appears, updates, survives a bad
 * one, and the watch resumes after the connection drops. The poll interval is a minute, so every
 * change after the first second can only arrive through the watch.
 */
@ExtendWith(VertxExtension.class)
class ConfigMapTableTest {

    @TempDir
    Path dir;

    @Test
    void followsTheConfigMapByAStreamedWatch(Vertx vertx) throws Exception {
        followsTheConfigMap(vertx, false);
    }

    /** An API that serves watches only as a WebSocket upgrade (as the fabric8 mock server does). */
    @Test
    void followsTheConfigMapByAWebSocketWatch(Vertx vertx) throws Exception {
        followsTheConfigMap(vertx, true);
    }

    private void followsTheConfigMap(Vertx vertx, boolean webSocketOnly) throws Exception {
        FakeKubernetesApi api = FakeKubernetesApi.start(vertx, webSocketOnly);
        OpenAiTestBackend a = OpenAiTestBackend.start(vertx, "a");
        OpenAiTestBackend b = OpenAiTestBackend.start(vertx, "b");
        Path token = Files.writeString(dir.resolve("token"), "service-account-token\n");
        SidecarConfig config = SidecarConfig.parse(new String[] {"--host", "127.0.0.1", "--port", "0",
                "--config-map", "team/qa-routing", "--kube-api-url", api.url(), "--kube-token-file", token.toString(),
                "--poll-interval-ms", "60000", "--instances", "1"}, Map.of());
        Sidecar sidecar = SidecarFixture.await(Sidecar.start(vertx, config, new CachingEmbedder(TestEmbedder.get(), 100)));
        WebClient client = WebClient.create(vertx);
        try {
            // no ConfigMap yet: not ready
            assertThat(SidecarFixture.await(client.get(sidecar.port(), "127.0.0.1", "/readyz").send()).statusCode())
                    .isEqualTo(503);

            var tables = new TestTables(TestEmbedder.get());
            var json = new RoutingTableJson();
            RoutingTable toA = tables.table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null, null, List.of(
                    new TestTables.Spec(a, 0.0, 0.0, 0.001), new TestTables.Spec(b, 0.5, 0.5, 0.001)));
            await().atMost(Duration.ofSeconds(10)).until(() -> api.openWatches() == 1);
            api.put("team", "qa-routing", json.write(toA));
            await().atMost(Duration.ofSeconds(10)).until(() -> SidecarFixture.await(
                    client.get(sidecar.port(), "127.0.0.1", "/readyz").send()).statusCode() == 200);
            assertThat(api.authorizations).contains("Bearer service-account-token");
            var r = SidecarFixture.await(client.post(sidecar.port(), "127.0.0.1", "/v1/chat/completions")
                    .sendJsonObject(SidecarFixture.chat("qa", "Who was Cleopatra?")));
            assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("a");

            // the operator publishes a new table: the watch brings it to traffic
            api.put("team", "qa-routing", json.write(tables.table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null, null,
                    List.of(new TestTables.Spec(a, 0.5, 0.5, 0.001), new TestTables.Spec(b, 0.0, 0.0, 0.001)))));
            await().atMost(Duration.ofSeconds(10)).until(() -> "b".equals(SidecarFixture.await(
                    client.post(sidecar.port(), "127.0.0.1", "/v1/chat/completions")
                            .sendJsonObject(SidecarFixture.chat("qa", "Who was Cleopatra?"))).getHeader("x-uniroute-backend")));

            // a broken one is rejected; b keeps serving
            api.put("team", "qa-routing", "{\"schemaVersion\": 99}");
            await().atMost(Duration.ofSeconds(10)).until(() -> sidecar.metrics().scrape()
                    .contains("uniroute_sidecar_table_updates_total{result=\"rejected\",source=\"configmap:team/qa-routing\"} 1.0"));
            assertThat(SidecarFixture.await(client.post(sidecar.port(), "127.0.0.1", "/v1/chat/completions")
                    .sendJsonObject(SidecarFixture.chat("qa", "Who was Cleopatra?"))).getHeader("x-uniroute-backend"))
                    .isEqualTo("b");

            // the watch connection drops: the sidecar re-lists and watches again, and follows the next update
            api.dropWatches();
            await().atMost(Duration.ofSeconds(10)).until(() -> api.watchRequests.get() >= 2 && api.openWatches() == 1);
            api.put("team", "qa-routing", json.write(toA));
            await().atMost(Duration.ofSeconds(10)).until(() -> "a".equals(SidecarFixture.await(
                    client.post(sidecar.port(), "127.0.0.1", "/v1/chat/completions")
                            .sendJsonObject(SidecarFixture.chat("qa", "Who was Cleopatra?"))).getHeader("x-uniroute-backend")));
        } finally {
            client.close();
            SidecarFixture.await(sidecar.close());
            api.close();
            a.close();
            b.close();
        }
    }
}
