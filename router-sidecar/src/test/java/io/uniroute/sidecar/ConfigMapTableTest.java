package io.uniroute.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.core.table.RoutingTableJson;
import io.uniroute.k8stest.KubeApi;
import io.uniroute.k8stest.RealApiServer;
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
 * The table from the operator's ConfigMap, followed through a real API server (k8s-test's
 * {@link RealApiServer}) by the fabric8 informer, with the credentials of a kubeconfig named by
 * KUBECONFIG: appears, updates, survives a bad one, and follows a delete and a re-create. The poll
 * interval is a minute, so every change after the first second can only arrive through the watch.
 */
@ExtendWith({VertxExtension.class, RealApiServer.class})
class ConfigMapTableTest {

    @TempDir
    Path dir;

    @Test
    void followsTheConfigMapThroughTheApi(Vertx vertx, KubeApi api) throws Exception {
        String ns = api.newNamespace("sidecar-table");
        OpenAiTestBackend a = OpenAiTestBackend.start(vertx, "a");
        OpenAiTestBackend b = OpenAiTestBackend.start(vertx, "b");
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), api.kubeconfigYaml());
        SidecarConfig config = SidecarConfig.parse(new String[] {"--host", "127.0.0.1", "--port", "0",
                "--config-map", ns + "/qa-routing", "--poll-interval-ms", "60000", "--instances", "1"},
                Map.of("KUBECONFIG", kubeconfig.toString()));
        Sidecar sidecar = SidecarFixture.await(Sidecar.start(vertx, config, TestEmbedder.get()));
        WebClient client = WebClient.create(vertx);
        try {
            // no ConfigMap yet: not ready
            assertThat(SidecarFixture.await(client.get(sidecar.port(), "127.0.0.1", "/readyz").send()).statusCode())
                    .isEqualTo(503);

            var tables = new TestTables(TestEmbedder.get());
            var json = new RoutingTableJson();
            RoutingTable toA = tables.table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null, null, List.of(
                    new TestTables.Spec(a, 0.0, 0.0, 0.001), new TestTables.Spec(b, 0.5, 0.5, 0.001)));
            put(api, ns, json.write(toA));
            await().atMost(Duration.ofSeconds(20)).until(() -> SidecarFixture.await(
                    client.get(sidecar.port(), "127.0.0.1", "/readyz").send()).statusCode() == 200);
            var r = SidecarFixture.await(client.post(sidecar.port(), "127.0.0.1", "/v1/chat/completions")
                    .sendJsonObject(SidecarFixture.chat("qa", "Who was Cleopatra?")));
            assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("a");

            // the operator publishes a new table: the watch brings it to traffic
            put(api, ns, json.write(tables.table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null, null,
                    List.of(new TestTables.Spec(a, 0.5, 0.5, 0.001), new TestTables.Spec(b, 0.0, 0.0, 0.001)))));
            await().atMost(Duration.ofSeconds(10)).until(() -> "b".equals(SidecarFixture.await(
                    client.post(sidecar.port(), "127.0.0.1", "/v1/chat/completions")
                            .sendJsonObject(SidecarFixture.chat("qa", "Who was Cleopatra?"))).getHeader("x-uniroute-backend")));

            // a broken one is rejected; b keeps serving
            put(api, ns, "{\"schemaVersion\": 99}");
            await().atMost(Duration.ofSeconds(10)).until(() -> sidecar.metrics().scrape()
                    .contains("uniroute_sidecar_table_updates_total{result=\"rejected\",source=\"configmap:" + ns + "/qa-routing\"} 1.0"));
            assertThat(SidecarFixture.await(client.post(sidecar.port(), "127.0.0.1", "/v1/chat/completions")
                    .sendJsonObject(SidecarFixture.chat("qa", "Who was Cleopatra?"))).getHeader("x-uniroute-backend"))
                    .isEqualTo("b");

            // deleted and published again (a policy re-created): the informer follows both
            api.client().configMaps().inNamespace(ns).withName("qa-routing").delete();
            put(api, ns, json.write(toA));
            await().atMost(Duration.ofSeconds(10)).until(() -> "a".equals(SidecarFixture.await(
                    client.post(sidecar.port(), "127.0.0.1", "/v1/chat/completions")
                            .sendJsonObject(SidecarFixture.chat("qa", "Who was Cleopatra?"))).getHeader("x-uniroute-backend")));
        } finally {
            client.close();
            SidecarFixture.await(sidecar.close());
            a.close();
            b.close();
        }
    }

    private static void put(KubeApi api, String ns, String table) {
        api.client().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("qa-routing")
                .endMetadata().addToData("routing.json", table).build()).createOr(c -> c.update());
    }
}
