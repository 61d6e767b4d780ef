package io.uniroute.operator;

import static io.uniroute.operator.testing.Waits.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.dataset.PromptRecord;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.core.table.RoutingTableJson;
import io.uniroute.operator.api.ConfigMapKeyRef;
import io.uniroute.operator.api.Cost;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LLMBackendSpec;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.PromptSetSpec;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.api.RoutingPolicySpec;
import io.uniroute.operator.api.SecretKeyRef;
import io.uniroute.operator.publishing.PolicyReconciler;
import io.uniroute.operator.testing.Fixtures;
import io.uniroute.operator.testing.OperatorHarness;
import io.uniroute.replay.ReplayServer;
import io.uniroute.replay.answers.GradedPrompt;
import io.uniroute.replay.datasets.BundledDatasets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replay backends (a simulation replaying real models' recorded results, module replay) behind
 * an API key, a prompt set loaded from a ConfigMap, and a learned-map policy with clusters: auto:
 * the graded profiles recover the recorded results exactly; K and θ are fitted once and a model
 * added later changes neither.
 */
class ReplayBackendsTest {

    @RegisterExtension
    static final OperatorHarness k8s = new OperatorHarness(OperatorHarness.fastSettings());

    static final String NS = "replay";
    static final String KEY = "sk-replay-test-key-1234";
    static final Map<String, String> MODELS = new LinkedHashMap<>(Map.of(
            "gemma", "gemma-2-9b-it", "nemotron", "llama-3.1-nemotron-51b-instruct", "qwen", "qwen2.5-7b-instruct"));

    @Test
    void learnedMapWithAutoKFromReplayBackends() throws Exception {
        Dataset data = BundledDatasets.llmrouterMini();
        try (ReplayServer llms = ReplayServer.builder(data).models(List.copyOf(MODELS.values())).apiKey(KEY).start()) {
            // every 8th prompt of the bundled slice: 44 prompts over its tasks
            List<GradedPrompt> all = llms.gradedPrompts();
            List<GradedPrompt> prompts = IntStream.range(0, all.size()).filter(i -> i % 8 == 0).mapToObj(all::get).toList();
            KubernetesClient client = k8s.client();
            k8s.newNamespace(NS);
            client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("replay-key").endMetadata()
                    .addToStringData("apiKey", KEY).build()).create();
            ObjectMapper json = new ObjectMapper();
            String jsonl = prompts.stream().map(p -> {
                try {
                    return json.writeValueAsString(Map.of("id", p.id(), "prompt", p.message(), "reference", p.reference(), "grader", p.grader()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.joining("\n"));
            client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("mini-prompts").endMetadata()
                    .addToData("prompts.jsonl", jsonl).build()).create();
            PromptSet ps = new PromptSet();
            ps.setMetadata(new ObjectMetaBuilder().withName("mini").build());
            ps.setSpec(new PromptSetSpec(null, null, List.of(new ConfigMapKeyRef("mini-prompts", "prompts.jsonl"))));
            client.resources(PromptSet.class).inNamespace(NS).resource(ps).create();
            RoutingPolicy policy = new RoutingPolicy();
            policy.setMetadata(new ObjectMetaBuilder().withName("learned").build());
            policy.setSpec(new RoutingPolicySpec(new LabelSelectorBuilder().addToMatchLabels(Fixtures.POOL_LABEL, "replay").build(),
                    "mini", "learned-map", "auto", null, 0.3, 7L, 0.3, null, null));
            client.resources(RoutingPolicy.class).inNamespace(NS).resource(policy).create();
            for (String name : List.of("gemma", "nemotron")) {
                client.resources(LLMBackend.class).inNamespace(NS).resource(backend(name, llms, data)).create();
            }

            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                var s = policy().getStatus();
                assertThat(hasCondition(s.conditions(), "Ready", "True", "Published")).as("%s", s.conditions()).isTrue();
                assertThat(s.routableBackends()).containsExactly("gemma", "nemotron");
            });
            for (String name : List.of("gemma", "nemotron")) {
                assertThat(backend(name).getStatus().accuracy()).as(name)
                        .isEqualTo(recordedAccuracy(data, prompts, MODELS.get(name)), org.assertj.core.data.Offset.offset(1e-4));
            }
            var fit = policy().getStatus().fit();
            assertThat(fit.clusterMap()).isEqualTo("softmax");
            assertThat(fit.selection()).contains("chosen by Area");
            assertThat(fit.fittedOn()).containsExactly("gemma", "nemotron");
            RoutingTable before = table();
            assertThat(before.strategy()).isEqualTo("learned-map");
            assertThat(before.clusterMap().type()).isEqualTo("softmax");
            assertThat(before.clusterMap().vectors()).hasNumberOfRows(fit.clusters());

            // a third model joins: it is profiled and routed through Ψ alone; K and θ stay as they were
            client.resources(LLMBackend.class).inNamespace(NS).resource(backend("qwen", llms, data)).create();
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                    assertThat(policy().getStatus().routableBackends()).containsExactly("gemma", "nemotron", "qwen"));
            RoutingTable after = table();
            assertThat(after.clusterMap().vectors()).isDeepEqualTo(before.clusterMap().vectors());
            assertThat(policy().getStatus().fit().fittedOn()).containsExactly("gemma", "nemotron");
            assertThat(backend("qwen").getStatus().accuracy())
                    .isEqualTo(recordedAccuracy(data, prompts, MODELS.get("qwen")), org.assertj.core.data.Offset.offset(1e-4));
            assertThat(llms.requestCount(MODELS.get("qwen"))).isEqualTo(prompts.size());
            assertThat(Serialization.asJson(client.configMaps().inNamespace(NS).list()) + Serialization.asJson(policy())
                    + Serialization.asJson(client.resources(LLMBackend.class).inNamespace(NS).list())).doesNotContain(KEY);
        }
    }

    private static LLMBackend backend(String name, ReplayServer llms, Dataset data) {
        var info = data.model(MODELS.get(name)).orElseThrow();
        return Fixtures.backend(name, "replay", new LLMBackendSpec(llms.baseUrl().toString(), MODELS.get(name),
                new SecretKeyRef("replay-key", "apiKey"), new Cost(info.inputUsdPerMtok(), info.outputUsdPerMtok()), 8, "5s", 2, null));
    }

    private static double recordedAccuracy(Dataset data, List<GradedPrompt> prompts, String model) {
        Map<String, PromptRecord> byId = data.prompts().stream().collect(Collectors.toMap(PromptRecord::id, p -> p));
        return prompts.stream().mapToDouble(p -> byId.get(p.id()).scores().get(model) >= 0.5 ? 1 : 0).average().orElseThrow();
    }

    private static RoutingPolicy policy() {
        return k8s.client().resources(RoutingPolicy.class).inNamespace(NS).withName("learned").get();
    }

    private static LLMBackend backend(String name) {
        return k8s.client().resources(LLMBackend.class).inNamespace(NS).withName(name).get();
    }

    private static RoutingTable table() {
        return new RoutingTableJson().read(k8s.client().configMaps().inNamespace(NS).withName("learned-routing").get()
                .getData().get(PolicyReconciler.TABLE_KEY));
    }
}
