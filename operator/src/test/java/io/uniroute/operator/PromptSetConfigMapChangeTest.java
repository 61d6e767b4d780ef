package io.uniroute.operator;

import static io.uniroute.operator.testing.Waits.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.uniroute.operator.api.ConfigMapKeyRef;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptItem;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.PromptSetProfile;
import io.uniroute.operator.api.PromptSetSpec;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.publishing.PolicyReconciler;
import io.uniroute.operator.testing.Fixtures;
import io.uniroute.operator.testing.LoopbackLlm;
import io.uniroute.operator.testing.OperatorHarness;
import io.uniroute.operator.testing.ScriptedAnswers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A PromptSet reads its prompts from a ConfigMap; editing only the ConfigMap changes the set's
 * hash, re-profiles the backend on the new prompts and re-publishes the table — no touch of the
 * PromptSet needed.
 */
class PromptSetConfigMapChangeTest {

    @RegisterExtension
    static final OperatorHarness k8s = new OperatorHarness(OperatorHarness.fastSettings());

    @Test
    void editingThePromptConfigMapReprofilesAndRepublishes() throws Exception {
        String ns = k8s.newNamespace("cm-change");
        KubernetesClient client = k8s.client();
        PromptSet example = Fixtures.examplePrompts("x");
        List<PromptItem> all = example.getSpec().prompts();
        try (LoopbackLlm llm = new LoopbackLlm().answering(ScriptedAnswers.of(example, id -> !id.startsWith("word")))) {
            client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("prompts-data").endMetadata()
                    .addToData("prompts.jsonl", jsonl(all.subList(0, 16))).build()).create();
            PromptSet ps = new PromptSet();
            ps.setMetadata(new ObjectMetaBuilder().withName("prompts").build());
            ps.setSpec(new PromptSetSpec(null, null, List.of(new ConfigMapKeyRef("prompts-data", "prompts.jsonl"))));
            client.resources(PromptSet.class).inNamespace(ns).resource(ps).create();
            client.resources(RoutingPolicy.class).inNamespace(ns).resource(Fixtures.policy("p", "pool", "prompts", "3")).create();
            client.resources(LLMBackend.class).inNamespace(ns)
                    .resource(Fixtures.backend("model", "pool", Fixtures.spec(llm.endpoint(), 4, "5s", 1, null))).create();

            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                assertThat(hasCondition(policy(ns).getStatus().conditions(), "Ready", "True", "Published")).isTrue();
                assertThat(policy(ns).getStatus().routableBackends()).containsExactly("model");
            });
            String oldSetHash = promptSet(ns).getStatus().hash();
            String oldTableHash = tableHash(ns);
            assertThat(profile(ns).promptSetHash()).isEqualTo(oldSetHash);
            assertThat(profile(ns).prompts()).isEqualTo(16);
            int requestsBefore = llm.requests();
            long generationBefore = promptSet(ns).getMetadata().getGeneration();

            // only the ConfigMap changes: 8 more prompts
            ConfigMap cm = client.configMaps().inNamespace(ns).withName("prompts-data").get();
            cm.getData().put("prompts.jsonl", jsonl(all));
            client.configMaps().inNamespace(ns).resource(cm).update();

            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                assertThat(promptSet(ns).getStatus().hash()).isNotEqualTo(oldSetHash);
                assertThat(promptSet(ns).getStatus().prompts()).isEqualTo(all.size());
            });
            String newSetHash = promptSet(ns).getStatus().hash();
            assertThat(promptSet(ns).getMetadata().getGeneration()).as("the PromptSet itself was not touched").isEqualTo(generationBefore);

            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                PromptSetProfile p = profile(ns);
                assertThat(p.promptSetHash()).isEqualTo(newSetHash);
                assertThat(p.complete()).isTrue();
                assertThat(p.prompts()).isEqualTo(all.size());
                var status = policy(ns).getStatus();
                assertThat(hasCondition(status.conditions(), "Ready", "True", "Published")).isTrue();
                assertThat(status.table().promptSetHash()).isEqualTo(newSetHash);
                assertThat(tableHash(ns)).isEqualTo(status.table().hash()).isNotEqualTo(oldTableHash);
            });
            assertThat(llm.requests() - requestsBefore).as("re-profiled on every prompt of the new set").isEqualTo(all.size());
        }
    }

    private static String jsonl(List<PromptItem> prompts) {
        ObjectMapper json = new ObjectMapper();
        return prompts.stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("prompt", p.prompt());
            m.put("reference", p.reference());
            m.put("grader", p.grader());
            try {
                return json.writeValueAsString(m);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.joining("\n"));
    }

    private static PromptSet promptSet(String ns) {
        return k8s.client().resources(PromptSet.class).inNamespace(ns).withName("prompts").get();
    }

    private static RoutingPolicy policy(String ns) {
        return k8s.client().resources(RoutingPolicy.class).inNamespace(ns).withName("p").get();
    }

    private static PromptSetProfile profile(String ns) {
        LLMBackend b = k8s.client().resources(LLMBackend.class).inNamespace(ns).withName("model").get();
        return b.getStatus().profiles().get(0);
    }

    private static String tableHash(String ns) {
        return k8s.client().configMaps().inNamespace(ns).withName(PolicyReconciler.tableName("p")).get()
                .getMetadata().getAnnotations().get(PolicyReconciler.HASH_ANNOTATION);
    }
}
