package io.uniroute.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.core.table.RoutingTableJson;
import io.uniroute.k8stest.KubeApi;
import io.uniroute.k8stest.RealApiServer;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LLMBackendSpec;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.publishing.PolicyReconciler;
import io.uniroute.replay.ReplayServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.uniroute.sidecar.Sidecar;
import io.uniroute.sidecar.SidecarConfig;
import io.uniroute.sidecar.table.PolicyTablesSource;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator on the real API server with replay backends behind an API key: profiled, the table
 * published in an owned ConfigMap; the real sidecar follows the ConfigMap through the API and routes
 * to the replay backends with it; a late backend joins with unchanged centroids and reaches the
 * sidecar; a rotated Secret is used on the next profile.
 */
@ExtendWith({RealApiServer.class, E2eReport.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProfileAndPublishE2eTest {

    static final String KEY = "sk-e2e-first-key-0001";
    static final String ROTATED = "sk-e2e-rotated-key-0002";

    static KubeApi api;
    static String ns;
    static Resources res;
    static ReplayPool pool;
    static ReplayServer llms;
    static Embedder embedder;
    static OperatorRun operator;
    static Vertx vertx;
    static Sidecar sidecar;

    @BeforeAll
    static void start(KubeApi kubeApi) {
        api = kubeApi;
        Crds.install(api.client());
        ns = api.newNamespace("publish");
        res = new Resources(api.client(), ns);
        pool = new ReplayPool(8);
        llms = pool.server(KEY).start();
        embedder = new MiniLmEmbedder();
        operator = OperatorRun.start(api, embedder, Set.of(ns));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sidecar != null) {
            sidecar.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (operator != null) {
            operator.close();
        }
        if (llms != null) {
            llms.close();
        }
    }

    @Test
    @Order(1)
    void replayBackendsAreProfiledAndTheTableIsPublishedInAnOwnedConfigMap() {
        KubernetesClient client = api.client();
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("replay-key").endMetadata()
                .addToStringData("apiKey", KEY).build()).create();
        client.resources(PromptSet.class).inNamespace(ns).resource(pool.promptSet("replay-prompts")).create();
        client.resources(RoutingPolicy.class).inNamespace(ns).resource(ReplayPool.policy("replay", "replay", "replay-prompts", "3")).create();
        client.resources(LLMBackend.class).inNamespace(ns)
                .resource(pool.backend("gemma", llms.baseUrl(), ReplayPool.GEMMA, "replay-key", "replay")).create();
        client.resources(LLMBackend.class).inNamespace(ns)
                .resource(pool.backend("nemotron", llms.baseUrl(), ReplayPool.NEMOTRON, "replay-key", "replay")).create();

        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> {
            assertThat(res.published("replay")).as("%s", res.policy("replay").getStatus()).isTrue();
            assertThat(res.policy("replay").getStatus().routableBackends()).containsExactly("gemma", "nemotron");
        });
        assertThat(res.backend("gemma").getStatus().accuracy()).isEqualTo(pool.recordedAccuracy(ReplayPool.GEMMA), offset(1e-4));
        assertThat(res.backend("nemotron").getStatus().accuracy()).isEqualTo(pool.recordedAccuracy(ReplayPool.NEMOTRON), offset(1e-4));
        assertThat(llms.requestCount(ReplayPool.GEMMA)).isEqualTo(pool.prompts.size());

        ConfigMap cm = res.tableConfigMap("replay");
        String json = cm.getData().get(PolicyReconciler.TABLE_KEY);
        assertThat(cm.getMetadata().getAnnotations()).containsEntry(PolicyReconciler.HASH_ANNOTATION, RoutingTableJson.sha256(json));
        assertThat(res.table("replay").clusterMap().vectors()).hasNumberOfRows(3);
        assertThat(Serialization.asJson(client.configMaps().inNamespace(ns).list()) + Serialization.asJson(res.policy("replay"))
                + Serialization.asJson(client.resources(LLMBackend.class).inNamespace(ns).list())).doesNotContain(KEY);
    }

    @Test
    @Order(4)
    void thePublishedConfigMapCarriesTheOwnerReferenceTheGarbageCollectorNeeds() {
        RoutingPolicy policy = res.policy("replay");
        ConfigMap cm = res.tableConfigMap("replay");
        // no garbage collector runs on the test server: check what it would act on, against the live owner
        assertThat(cm.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getApiVersion()).isEqualTo("uniroute.io/v1alpha1");
            assertThat(o.getKind()).isEqualTo("RoutingPolicy");
            assertThat(o.getName()).isEqualTo("replay");
            assertThat(o.getUid()).isEqualTo(policy.getMetadata().getUid());
            assertThat(o.getController()).isTrue();
            assertThat(o.getBlockOwnerDeletion()).isTrue();
        });
        // the reference resolves: the kind is served under that apiVersion and the uid is the policy's
        var resolved = api.client().genericKubernetesResources(cm.getMetadata().getOwnerReferences().get(0).getApiVersion(),
                cm.getMetadata().getOwnerReferences().get(0).getKind()).inNamespace(ns).withName("replay").get();
        assertThat(resolved.getMetadata().getUid()).isEqualTo(cm.getMetadata().getOwnerReferences().get(0).getUid());
        // and a gateway serving the namespace trusts it as the operator's table of that policy (name, owner,
        // the table naming the policy and namespace): the contract the gateway's checks rely on
        try (var source = new PolicyTablesSource(ns, List.of(), api.client(), false)) {
            var member = source.fetchAll().get("configmap:" + ns + "/replay-routing");
            assertThat(member.refusal()).isEmpty();
            assertThat(member.policy()).isEqualTo("replay");
            var table = new RoutingTableJson().read(member.json());
            assertThat(table.policy()).isEqualTo(member.policy());
            assertThat(table.namespace()).isEqualTo(member.namespace()).isEqualTo(ns);
        }
    }

    @Test
    @Order(2)
    void aSidecarFollowsThePublishedConfigMapThroughTheApiAndRoutesWithIt(@TempDir Path dir) throws Exception {
        // the real sidecar with its real table source (fabric8 informer), credentials from a kubeconfig
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), api.kubeconfigYaml());
        SidecarConfig config = SidecarConfig.parse(new String[] {"--host", "127.0.0.1", "--port", "0", "--instances", "1",
                "--config-map", ns + "/replay-routing", "--poll-interval-ms", "60000"},
                Map.of("KUBECONFIG", kubeconfig.toString(), "UNIROUTE_API_KEY_GEMMA", KEY, "UNIROUTE_API_KEY_NEMOTRON", KEY,
                        "UNIROUTE_API_KEY_QWEN", KEY));
        vertx = Vertx.vertx();
        sidecar = Sidecar.start(vertx, config, new MiniLmEmbedder()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        String published = res.tableConfigMap("replay").getMetadata().getAnnotations().get(PolicyReconciler.HASH_ANNOTATION);
        await().atMost(Duration.ofSeconds(30)).until(() -> servedHash().equals(published));

        HttpClient http = HttpClient.newHttpClient();
        for (var prompt : pool.prompts.subList(0, 5)) {
            String body = new ObjectMapper().writeValueAsString(Map.of("model", "replay",
                    "messages", List.of(Map.of("role", "user", "content", prompt.message()))));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.port() + "/v1/chat/completions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-uniroute-backend")).get().isIn("gemma", "nemotron");
        }
    }

    private static String servedHash() {
        return sidecar.tables().snapshot().policy("replay").map(t -> t.hash()).orElse("");
    }

    @Test
    @Order(3)
    void aLateBackendJoinsWithUnchangedCentroids() {
        RoutingTable before = res.table("replay");
        api.client().resources(LLMBackend.class).inNamespace(ns)
                .resource(pool.backend("qwen", llms.baseUrl(), ReplayPool.QWEN, "replay-key", "replay")).create();
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() ->
                assertThat(res.policy("replay").getStatus().routableBackends()).containsExactly("gemma", "nemotron", "qwen"));
        RoutingTable after = res.table("replay");
        assertThat(after.clusterMap().vectors()).isDeepEqualTo(before.clusterMap().vectors());
        assertThat(after.backend("gemma").orElseThrow().psi()).isEqualTo(before.backend("gemma").orElseThrow().psi());
        assertThat(res.backend("qwen").getStatus().accuracy()).isEqualTo(pool.recordedAccuracy(ReplayPool.QWEN), offset(1e-4));
        assertThat(llms.requestCount(ReplayPool.QWEN)).isEqualTo(pool.prompts.size());
        // the sidecar follows the ConfigMap through the API and serves the new table
        String published = res.tableConfigMap("replay").getMetadata().getAnnotations().get(PolicyReconciler.HASH_ANNOTATION);
        await().atMost(Duration.ofSeconds(30)).until(() -> servedHash().equals(published));
        assertThat(sidecar.tables().snapshot().policy("replay").orElseThrow().table().backends())
                .extracting(RoutingTable.Backend::name).containsExactly("gemma", "nemotron", "qwen");
    }

    @Test
    @Order(5)
    void aRotatedSecretIsUsedOnTheNextProfile() {
        // the provider rotated the key: the old server now refuses it, a server with the new key answers
        try (ReplayServer rotated = pool.server(ROTATED).start()) {
            api.client().secrets().inNamespace(ns).withName("replay-key").edit(s -> new SecretBuilder(s).withData(null)
                    .withStringData(java.util.Map.of("apiKey", ROTATED)).build());
            // the next profile: the backend moves to the endpoint holding the rotated key
            api.client().resources(LLMBackend.class).inNamespace(ns).withName("qwen")
                    .edit(b -> {
                        var s = b.getSpec();
                        b.setSpec(new LLMBackendSpec(rotated.baseUrl().toString(), s.model(), s.apiKeySecretRef(), s.cost(),
                                s.maxConcurrency(), s.timeout(), s.maxRetries(), s.maxTokens()));
                        return b;
                    });
            long oldServer = llms.requestCount(ReplayPool.QWEN);
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> {
                assertThat(res.profiled("qwen")).isTrue();
                assertThat(res.backend("qwen").getStatus().profiles()).singleElement()
                        .satisfies(p -> assertThat(p.completed()).isEqualTo(pool.prompts.size()));
                assertThat(rotated.requestCount(ReplayPool.QWEN)).as("every prompt asked with the rotated key").isEqualTo(pool.prompts.size());
            });
            assertThat(llms.requestCount(ReplayPool.QWEN)).as("nothing sent to the old endpoint").isEqualTo(oldServer);
            assertThat(res.backend("qwen").getStatus().accuracy()).isEqualTo(pool.recordedAccuracy(ReplayPool.QWEN), offset(1e-4));
        }
    }
}
