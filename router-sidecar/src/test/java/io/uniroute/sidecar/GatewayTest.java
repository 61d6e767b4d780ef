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
import io.uniroute.sidecar.table.PolicyTablesSource;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gateway mode on a real API server (k8s-test's {@link RealApiServer}): the routing-table ConfigMaps
 * are created as the operator labels them, the gateway serves every one of the namespace through one
 * informer (policies created later appear, deleted ones disappear), clients need a bearer key, and a
 * backend gets its own key, never the client's. The poll interval is a minute: every change after
 * the first second arrives through the watch.
 */
@ExtendWith({VertxExtension.class, RealApiServer.class})
class GatewayTest {

    private static final String CLIENT_KEY = "sk-gw-team-a-5f1c0e9b";
    private static final String BACKEND_KEY = "sk-backend-a-77aa";
    private static final String PROMPT = "Who was Cleopatra?";

    @TempDir
    Path dir;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void servesEveryPolicyOfTheNamespaceToClientsWithAKey(Vertx vertx, KubeApi api) throws Exception {
        String ns = api.newNamespace("gateway");
        OpenAiTestBackend a = backend(vertx, "a");
        OpenAiTestBackend b = backend(vertx, "b");
        var tables = new TestTables(TestEmbedder.get());
        var json = new RoutingTableJson();
        // backend a's key is mounted as the operator's tables name it (a file of a Secret); b has none
        var aKey = new RoutingTable.ApiKeyRef("openai-a", "api-key", "UNIROUTE_API_KEY_A", "openai-a/api-key");
        Files.createDirectories(dir.resolve("backend-keys/openai-a"));
        Files.writeString(dir.resolve("backend-keys/openai-a/api-key"), BACKEND_KEY);
        publish(api, ns, "qa", json.write(tables.table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null, null, List.of(
                new TestTables.Spec(a, 0.0, 0.0, 0.001, aKey), new TestTables.Spec(b, 0.5, 0.5, 0.001)))));
        publish(api, ns, "cheap", json.write(tables.table("cheap", RoutingTable.STRATEGY_CLUSTER, 0, null, null, List.of(
                new TestTables.Spec(a, 0.5, 0.5, 0.001, aKey), new TestTables.Spec(b, 0.0, 0.0, 0.001)))));
        // in the namespace but not the operator's: not served
        api.client().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("stray-routing")
                .endMetadata().addToData("routing.json", json.write(tables.table("stray", RoutingTable.STRATEGY_CLUSTER,
                        0, null, null, List.of(new TestTables.Spec(b, 0, 0, 0.001)))))
                .build()).create();

        Path clientKeys = Files.createDirectories(dir.resolve("client-keys"));
        Files.writeString(clientKeys.resolve("team-a"), CLIENT_KEY + "\n");
        Files.writeString(clientKeys.resolve("team-b"), "sk-gw-team-b-0000");
        Sidecar gateway = start(vertx, api, ns, clientKeys, List.of());
        WebClient client = WebClient.create(vertx);
        closing.add(client::close);
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.tables().snapshot().bySource().size() == 2);

        // a valid key: routed, with the routing headers; the backend saw its own key, not the client's
        var r = chat(client, gateway, "qa", "Bearer " + CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("a");
        assertThat(r.getHeader("x-uniroute-policy")).isEqualTo("qa");
        assertThat(r.getHeader("x-uniroute-cluster")).isNotBlank();
        assertThat(a.authorizations).containsExactly("Bearer " + BACKEND_KEY);
        var cheap = chat(client, gateway, "cheap", "Bearer " + CLIENT_KEY);
        assertThat(cheap.statusCode()).isEqualTo(200);
        assertThat(cheap.getHeader("x-uniroute-backend")).isEqualTo("b");
        assertThat(b.authorizations).as("a backend without a key gets no Authorization at all").containsExactly("");
        assertThat(b.headers.get(0).names()).noneMatch(h -> h.equalsIgnoreCase("authorization"));
        assertThat(chat(client, gateway, "stray", "Bearer " + CLIENT_KEY).statusCode()).isEqualTo(404);

        // no key, a wrong key, another scheme, a bare key: 401 in OpenAI's shape, nothing reaches a backend,
        // nothing echoed (all but the wrong key count as missing, and /v1/models below)
        int calls = a.requests.size() + b.requests.size();
        for (String auth : new String[] {null, "Bearer sk-wrong-key-123", "Basic " + CLIENT_KEY, CLIENT_KEY}) {
            var refused = chat(client, gateway, "qa", auth);
            assertThat(refused.statusCode()).as("Authorization: %s", auth).isEqualTo(401);
            assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("invalid_api_key");
            assertThat(refused.getHeader("www-authenticate")).isEqualTo("Bearer");
            assertThat(refused.bodyAsString()).doesNotContain("sk-wrong-key-123").doesNotContain(CLIENT_KEY);
        }
        assertThat(a.requests.size() + b.requests.size()).isEqualTo(calls);
        assertThat(SidecarFixture.await(client.get(gateway.port(), "127.0.0.1", "/v1/models").send()).statusCode())
                .isEqualTo(401);

        // health, readiness and metrics stay open
        for (String path : List.of("/healthz", "/readyz", "/metrics")) {
            assertThat(SidecarFixture.await(client.get(gateway.port(), "127.0.0.1", path).send()).statusCode())
                    .as(path).isEqualTo(200);
        }
        // the key's name is a metric label; no key is anywhere in the metrics
        String metrics = gateway.metrics().scrape();
        assertThat(metrics).contains("uniroute_sidecar_requests_total{backend=\"a\",client=\"team-a\",outcome=\"ok\",policy=\"qa\"} 1.0")
                .contains("uniroute_sidecar_requests_total{backend=\"b\",client=\"team-a\",outcome=\"ok\",policy=\"cheap\"} 1.0")
                .contains("uniroute_sidecar_auth_rejected_total{reason=\"missing\"} 4.0")
                .contains("uniroute_sidecar_auth_rejected_total{reason=\"invalid\"} 1.0")
                .doesNotContain(CLIENT_KEY).doesNotContain("sk-gw-team-b").doesNotContain(BACKEND_KEY);

        // a policy created later becomes routable; a deleted one disappears
        publish(api, ns, "late", json.write(tables.table("late", RoutingTable.STRATEGY_CLUSTER, 0, null, null, List.of(
                new TestTables.Spec(b, 0.0, 0.0, 0.001)))));
        await().atMost(Duration.ofSeconds(15)).until(() -> chat(client, gateway, "late", "Bearer " + CLIENT_KEY).statusCode() == 200);
        api.client().configMaps().inNamespace(ns).withName("cheap-routing").delete();
        await().atMost(Duration.ofSeconds(15)).until(() -> chat(client, gateway, "cheap", "Bearer " + CLIENT_KEY).statusCode() == 404);
        assertThat(gateway.metrics().scrape()).contains(
                "uniroute_sidecar_table_updates_total{result=\"removed\",source=\"configmap:" + ns + "/cheap-routing\"} 1.0");
        assertThat(chat(client, gateway, "qa", "Bearer " + CLIENT_KEY).getHeader("x-uniroute-backend")).isEqualTo("a");
    }

    @Test
    void servesOnlyThePoliciesListed(Vertx vertx, KubeApi api) throws Exception {
        String ns = api.newNamespace("gateway-list");
        OpenAiTestBackend a = backend(vertx, "a");
        var tables = new TestTables(TestEmbedder.get());
        var json = new RoutingTableJson();
        for (String policy : List.of("qa", "other")) {
            publish(api, ns, policy, json.write(tables.table(policy, RoutingTable.STRATEGY_CLUSTER, 0, null, null,
                    List.of(new TestTables.Spec(a, 0, 0, 0.001)))));
        }
        Path clientKeys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(clientKeys.resolve("app"), CLIENT_KEY);
        Sidecar gateway = start(vertx, api, ns, clientKeys, List.of("qa"));
        WebClient client = WebClient.create(vertx);
        closing.add(client::close);
        await().atMost(Duration.ofSeconds(20)).until(() -> !gateway.tables().snapshot().isEmpty());

        assertThat(chat(client, gateway, "qa", "Bearer " + CLIENT_KEY).statusCode()).isEqualTo(200);
        assertThat(chat(client, gateway, "other", "Bearer " + CLIENT_KEY).statusCode()).isEqualTo(404);
        assertThat(gateway.tables().snapshot().byPolicy().keySet()).containsExactly("qa");
    }

    @Test
    void aConfigMapWithTheOperatorsLabelsIsServedOnlyWhenItIsTheOperatorsTableOfThatPolicy(Vertx vertx, KubeApi api)
            throws Exception {
        String ns = api.newNamespace("gateway-forged");
        OpenAiTestBackend good = backend(vertx, "good");
        OpenAiTestBackend evil = backend(vertx, "evil");
        var tables = new TestTables(TestEmbedder.get());
        publish(api, ns, "qa", table(tables, "qa", good));
        Path clientKeys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(clientKeys.resolve("app"), CLIENT_KEY);
        Sidecar gateway = start(vertx, api, ns, clientKeys, List.of());
        WebClient client = WebClient.create(vertx);
        closing.add(client::close);
        await().atMost(Duration.ofSeconds(20)).until(() -> !gateway.tables().snapshot().isEmpty());

        // Anyone who may create ConfigMaps in the namespace can copy the operator's labels. Loaded later,
        // each of these would win qa (the newest table of a policy is served) or add a policy:
        publish(api, ns, "qa-v2", "qa", "qa", table(tables, "qa", evil), ns);             // not the operator's name for qa
        publish(api, ns, "evil-routing", "evil", null, table(tables, "evil", evil), ns);  // no RoutingPolicy controls it
        publish(api, ns, "other-routing", "other", "other", table(tables, "qa", evil), ns); // its table claims qa
        publish(api, ns, "far-routing", "far", "far", table(tables, "far", evil), "elsewhere"); // another namespace's table
        String prefix = "uniroute_sidecar_table_updates_total{result=\"rejected-inconsistent\",source=\"configmap:" + ns + "/";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(gateway.metrics().scrape())
                .contains(prefix + "qa-v2\"} 1.0", prefix + "evil-routing\"} 1.0", prefix + "other-routing\"} 1.0",
                        prefix + "far-routing\"} 1.0"));

        assertThat(gateway.tables().snapshot().byPolicy().keySet()).containsExactly("qa");
        assertThat(gateway.tables().snapshot().bySource().keySet()).containsExactly("configmap:" + ns + "/qa-routing");
        var r = chat(client, gateway, "qa", "Bearer " + CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("good");
        for (String model : List.of("evil", "other", "far")) {
            assertThat(chat(client, gateway, model, "Bearer " + CLIENT_KEY).statusCode()).as(model).isEqualTo(404);
        }
        assertThat(evil.requests).isEmpty();

        // the operator's own update of qa is still served
        publish(api, ns, "qa", table(tables, "qa", evil));
        await().atMost(Duration.ofSeconds(15)).until(() -> "evil".equals(
                chat(client, gateway, "qa", "Bearer " + CLIENT_KEY).getHeader("x-uniroute-backend")));
    }

    private Sidecar start(Vertx vertx, KubeApi api, String ns, Path clientKeys, List<String> policies) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), api.kubeconfigYaml());
        List<String> args = new ArrayList<>(List.of("--mode", "gateway", "--host", "127.0.0.1", "--port", "0",
                "--policy-namespace", ns, "--client-keys-dir", clientKeys.toString(),
                "--api-key-dir", dir.resolve("backend-keys").toString(),
                "--poll-interval-ms", "60000", "--instances", "1", "--embed-max-wait-ms", "60000"));
        if (!policies.isEmpty()) {
            args.addAll(List.of("--policies", String.join(",", policies)));
        }
        SidecarConfig config = SidecarConfig.parse(args.toArray(String[]::new), Map.of("KUBECONFIG", kubeconfig.toString()));
        Sidecar gateway = SidecarFixture.await(Sidecar.start(vertx, config, TestEmbedder.get()));
        closing.add(() -> SidecarFixture.await(gateway.close()));
        return gateway;
    }

    private OpenAiTestBackend backend(Vertx vertx, String name) throws Exception {
        OpenAiTestBackend backend = OpenAiTestBackend.start(vertx, name);
        closing.add(backend::close);
        return backend;
    }

    private static HttpResponse<Buffer> chat(WebClient client, Sidecar gateway, String model, String authorization)
            throws Exception {
        var req = client.post(gateway.port(), "127.0.0.1", "/v1/chat/completions");
        if (authorization != null) {
            req.putHeader("authorization", authorization);
        }
        return SidecarFixture.await(req.sendJsonObject(SidecarFixture.chat(model, PROMPT)));
    }

    /**
     * As the operator's TableConfigMaps writes it: {@code <policy>-routing}, labelled with the policy and
     * the manager, controlled by the RoutingPolicy, the table naming the policy and the namespace.
     */
    private static void publish(KubeApi api, String ns, String policy, String table) {
        publish(api, ns, policy + "-routing", policy, policy, table, ns);
    }

    /**
     * A ConfigMap with the operator's labels: named {@code name}, labelled {@code policy}, controlled by the
     * RoutingPolicy {@code owner} (null: none), its table's {@code namespace} field {@code tableNamespace}.
     */
    private static void publish(KubeApi api, String ns, String name, String policy, String owner, String table,
            String tableNamespace) {
        var meta = new ConfigMapBuilder().withNewMetadata().withName(name)
                .addToLabels(PolicyTablesSource.POLICY_LABEL, policy)
                .addToLabels(PolicyTablesSource.MANAGED_BY, PolicyTablesSource.OPERATOR);
        if (owner != null) {
            meta.addNewOwnerReference().withApiVersion("uniroute.io/v1alpha1").withKind("RoutingPolicy").withName(owner)
                    .withUid(UUID.randomUUID().toString()).withController(true).endOwnerReference();
        }
        api.client().configMaps().inNamespace(ns).resource(meta.endMetadata()
                .addToData("routing.json", inNamespace(table, tableNamespace)).build()).createOr(c -> c.update());
    }

    /** The table as the operator writes it for a policy of {@code ns} (its {@code namespace} field). */
    private static String inNamespace(String table, String ns) {
        return new io.vertx.core.json.JsonObject(table).put("namespace", ns).encode();
    }

    private static String table(TestTables tables, String policy, OpenAiTestBackend backend) {
        return new RoutingTableJson().write(tables.table(policy, RoutingTable.STRATEGY_CLUSTER, 0, null, null,
                List.of(new TestTables.Spec(backend, 0, 0, 0.001))));
    }
}
