package io.uniroute.operator;

import static io.uniroute.operator.testing.Waits.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.core.embedding.TextWindow;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.core.table.RoutingTableJson;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LLMBackendSpec;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.publishing.PolicyReconciler;
import io.uniroute.operator.testing.Examples;
import io.uniroute.operator.testing.LogCapture;
import io.uniroute.operator.testing.LoopbackLlm;
import io.uniroute.operator.testing.OperatorHarness;
import io.uniroute.operator.testing.ScriptedAnswers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The examples applied as they are (endpoints pointed at loopback models): both backends profiled,
 * the table published, the policy Ready; then the late backend joins with unchanged centroids; and
 * the API key shows up in no ConfigMap, status, event or log line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HappyPathTest {

    @RegisterExtension
    static final OperatorHarness k8s = new OperatorHarness(OperatorHarness.fastSettings());

    static final String NS = "llm";
    static LogCapture logs;
    static LoopbackLlm small;
    static LoopbackLlm large;
    static LoopbackLlm medium;
    static String apiKey;

    @BeforeAll
    static void startModels() throws Exception {
        logs = new LogCapture();
        PromptSet prompts = Examples.one("promptset.yaml", PromptSet.class);
        // small knows arithmetic and capitals; large knows everything but two definitions; medium knows science
        small = new LoopbackLlm().answering(ScriptedAnswers.of(prompts, id -> id.startsWith("arith") || id.startsWith("capital")));
        large = new LoopbackLlm().answering(ScriptedAnswers.of(prompts, id -> !id.equals("word-5") && !id.equals("word-6")));
        medium = new LoopbackLlm().answering(ScriptedAnswers.of(prompts, id -> id.startsWith("science") || id.startsWith("arith")));
        k8s.newNamespace(NS);
    }

    @AfterAll
    static void stopModels() {
        small.close();
        large.close();
        medium.close();
        logs.close();
    }

    @Test
    @Order(1)
    void examplesAreProfiledAndPublished() {
        KubernetesClient client = k8s.client();
        Secret secret = Examples.one("secret.yaml", Secret.class);
        apiKey = secret.getStringData().get("apiKey");
        client.secrets().inNamespace(NS).resource(secret).create();
        for (LLMBackend b : Examples.load("llmbackends.yaml", LLMBackend.class)) {
            client.resources(LLMBackend.class).inNamespace(NS).resource(pointedAt(b, b.getMetadata().getName().equals("small") ? small : large)).create();
        }
        client.resources(PromptSet.class).inNamespace(NS).resource(Examples.one("promptset.yaml", PromptSet.class)).create();
        client.resources(RoutingPolicy.class).inNamespace(NS).resource(Examples.one("routingpolicy.yaml", RoutingPolicy.class)).create();

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            RoutingPolicy p = policy("demo");
            assertThat(p.getStatus()).isNotNull();
            assertThat(hasCondition(p.getStatus().conditions(), "Ready", "True", "Published")).as("%s", p.getStatus()).isTrue();
            assertThat(p.getStatus().routableBackends()).containsExactly("large", "small");
        });

        for (String name : List.of("small", "large")) {
            LLMBackend b = client.resources(LLMBackend.class).inNamespace(NS).withName(name).get();
            assertThat(b.getStatus().phase()).isEqualTo("Ready");
            assertThat(hasCondition(b.getStatus().conditions(), "Profiled", "True", "Profiled")).isTrue();
            var profile = b.getStatus().profiles().get(0);
            assertThat(profile.prompts()).isEqualTo(24);
            assertThat(profile.completed()).isEqualTo(24);
            assertThat(profile.meanInputTokens()).isPositive();
            assertThat(profile.meanOutputTokens()).isPositive();
            assertThat(profile.meanLatencyMillis()).isNotNull();
            assertThat(b.getStatus().costPer1kQueriesUsd()).isPositive();
        }
        // graded from the models' free-text answers: small 12/24 right, large 22/24
        assertThat(backend("small").getStatus().accuracy()).isEqualTo(0.5);
        assertThat(backend("large").getStatus().accuracy()).isEqualTo(22 / 24.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(large.authorizations()).containsExactly("Bearer " + apiKey);
        assertThat(small.authorizations()).isEmpty();
        assertThat(large.models()).containsExactly("llama-3.1-nemotron-51b-instruct");

        ConfigMap cm = client.configMaps().inNamespace(NS).withName("demo-routing").get();
        String json = cm.getData().get(PolicyReconciler.TABLE_KEY);
        RoutingTable table = new RoutingTableJson().read(json);
        assertThat(table.clusterMap().vectors()).hasNumberOfRows(4);
        assertThat(table.embedder().id()).isEqualTo(MiniLmEmbedder.idFor(TextWindow.DEFAULT));
        assertThat(table.backends()).extracting(RoutingTable.Backend::name).containsExactly("large", "small");
        assertThat(table.backend("large").orElseThrow().apiKey().secretName()).isEqualTo("large-model-api-key");
        assertThat(table.backend("large").orElseThrow().normalizedCost()).isEqualTo(1.0);
        assertThat(cm.getMetadata().getAnnotations().get(PolicyReconciler.HASH_ANNOTATION)).isEqualTo(RoutingTableJson.sha256(json));
        assertThat(cm.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(policy("demo").getMetadata().getUid()));

        RoutingPolicy p = policy("demo");
        assertThat(p.getStatus().table().hash()).isEqualTo(RoutingTableJson.sha256(json));
        var estimate = p.getStatus().estimate();
        assertThat(estimate.heldOutPrompts()).isEqualTo(7);
        assertThat(estimate.backends()).extracting(b -> b.name()).containsExactly("large", "small");
        // at λ = 0.3 the router sends the clusters small handles to small: cheaper than large alone
        var largeAlone = estimate.backends().get(0);
        assertThat(estimate.router().costPerQueryUsd()).isLessThan(largeAlone.costPerQueryUsd());
        assertThat(estimate.router().accuracy()).isGreaterThanOrEqualTo(estimate.backends().get(1).accuracy());

        List<String> reasons = client.v1().events().inNamespace(NS).list().getItems().stream().map(Event::getReason).toList();
        assertThat(reasons).contains("ProfilingStarted", "ProfilingFinished", "TablePublished");
    }

    @Test
    @Order(2)
    void lateBackendJoinsWithUnchangedCentroids() {
        KubernetesClient client = k8s.client();
        RoutingTable before = table("demo-routing");
        LLMBackend late = Examples.one("late-backend.yaml", LLMBackend.class);
        client.resources(LLMBackend.class).inNamespace(NS).resource(pointedAt(late, medium)).create();

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                assertThat(policy("demo").getStatus().routableBackends()).containsExactly("large", "medium", "small"));
        RoutingTable after = table("demo-routing");
        assertThat(after.clusterMap().vectors()).isDeepEqualTo(before.clusterMap().vectors());
        assertThat(after.backend("large").orElseThrow().psi()).isEqualTo(before.backend("large").orElseThrow().psi());
        assertThat(after.backend("medium").orElseThrow().accuracy()).isEqualTo(0.5);
        assertThat(medium.requests()).isEqualTo(24);
    }

    @Test
    @Order(3)
    void cascadePolicyPublishesStagesCheapFirst() {
        k8s.client().resources(RoutingPolicy.class).inNamespace(NS)
                .resource(Examples.one("cascade-policy.yaml", RoutingPolicy.class)).create();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                assertThat(hasCondition(policy("demo-cascade").getStatus().conditions(), "Ready", "True", "Published")).isTrue());
        RoutingTable t = table("demo-cascade-routing");
        assertThat(t.strategy()).isEqualTo("cascade");
        assertThat(t.cascade().stages()).containsExactly("small", "large");
        assertThat(t.cascade().maxStages()).isEqualTo(2);
    }

    @Test
    @Order(4)
    void apiKeyAppearsInNoConfigMapStatusEventOrLog() {
        assertThat(apiKey).isNotBlank();
        KubernetesClient client = k8s.client();
        String everything = Serialization.asJson(client.configMaps().inNamespace(NS).list())
                + Serialization.asJson(client.resources(LLMBackend.class).inNamespace(NS).list())
                + Serialization.asJson(client.resources(RoutingPolicy.class).inNamespace(NS).list())
                + Serialization.asJson(client.resources(PromptSet.class).inNamespace(NS).list())
                + Serialization.asJson(client.v1().events().inNamespace(NS).list());
        assertThat(everything).contains("large-model-api-key").doesNotContain(apiKey);
        assertThat(logs.text()).contains("TablePublished".isEmpty() ? "" : "published").doesNotContain(apiKey);
        assertThat(k8s.registry().find("uniroute.profiling.requests").tag("backend", "large").counter().count()).isEqualTo(24);
    }

    @Test
    @Order(5)
    void metricsAndHealthAreServed() throws Exception {
        try (HealthServer http = new HealthServer(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0),
                k8s.registry(), () -> true)) {
            var client = java.net.http.HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + http.port();
            var metrics = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("uniroute_profiling_requests_total{backend=\"large\",outcome=\"success\"} 24.0")
                    .contains("uniroute_profiling_request_duration_seconds_count{backend=\"small\"} 24")
                    .contains("operator_sdk_")
                    .doesNotContain(apiKey);
            assertThat(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/healthz")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/readyz")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    static LLMBackend pointedAt(LLMBackend b, LoopbackLlm server) {
        LLMBackendSpec s = b.getSpec();
        b.setSpec(new LLMBackendSpec(server.endpoint(), s.model(), s.apiKeySecretRef(), s.cost(), s.maxConcurrency(),
                s.timeout(), s.maxRetries(), s.maxTokens()));
        return b;
    }

    static RoutingPolicy policy(String name) {
        return k8s.client().resources(RoutingPolicy.class).inNamespace(NS).withName(name).get();
    }

    static LLMBackend backend(String name) {
        return k8s.client().resources(LLMBackend.class).inNamespace(NS).withName(name).get();
    }

    static RoutingTable table(String configMap) {
        return new RoutingTableJson().read(k8s.client().configMaps().inNamespace(NS).withName(configMap).get()
                .getData().get(PolicyReconciler.TABLE_KEY));
    }
}
