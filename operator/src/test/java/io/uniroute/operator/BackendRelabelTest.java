package io.uniroute.operator;

import static io.uniroute.operator.testing.Waits.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.core.table.RoutingTableJson;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.publishing.PolicyReconciler;
import io.uniroute.operator.testing.Fixtures;
import io.uniroute.operator.testing.LoopbackLlm;
import io.uniroute.operator.testing.OperatorHarness;
import io.uniroute.operator.testing.ScriptedAnswers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Labels decide which policies select a backend: relabelling one into a policy's selector gets it
 * profiled and into the table with no other change; relabelling it out takes it out of the table.
 */
class BackendRelabelTest {

    @RegisterExtension
    static final OperatorHarness k8s = new OperatorHarness(OperatorHarness.fastSettings());

    @Test
    void relabelInJoinsTheTableAndRelabelOutLeavesIt() throws Exception {
        String ns = k8s.newNamespace("relabel");
        KubernetesClient client = k8s.client();
        PromptSet prompts = Fixtures.examplePrompts("prompts");
        try (LoopbackLlm first = new LoopbackLlm().answering(ScriptedAnswers.of(prompts, id -> true));
                LoopbackLlm second = new LoopbackLlm().answering(ScriptedAnswers.of(prompts, id -> !id.startsWith("word")))) {
            client.resources(PromptSet.class).inNamespace(ns).resource(prompts).create();
            client.resources(RoutingPolicy.class).inNamespace(ns).resource(Fixtures.policy("p", "a", "prompts", "3")).create();
            client.resources(LLMBackend.class).inNamespace(ns)
                    .resource(Fixtures.backend("first", "a", Fixtures.spec(first.endpoint(), 4, "5s", 1, null))).create();
            client.resources(LLMBackend.class).inNamespace(ns)
                    .resource(Fixtures.backend("second", "b", Fixtures.spec(second.endpoint(), 4, "5s", 1, null))).create();

            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                assertThat(hasCondition(policy(ns).getStatus().conditions(), "Ready", "True", "Published")).isTrue();
                assertThat(policy(ns).getStatus().routableBackends()).containsExactly("first");
                assertThat(hasCondition(backend(ns, "second").getStatus().conditions(), "Profiled", "False", "NotSelected")).isTrue();
            });
            assertThat(second.requests()).as("not selected, not profiled").isZero();
            assertThat(names(table(ns))).containsExactly("first");
            long generation = backend(ns, "second").getMetadata().getGeneration();

            // into the selector: only a label changes, no spec
            relabel(ns, "second", "a");
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                assertThat(hasCondition(backend(ns, "second").getStatus().conditions(), "Profiled", "True", "Profiled")).isTrue();
                assertThat(policy(ns).getStatus().routableBackends()).containsExactly("first", "second");
                assertThat(names(table(ns))).containsExactly("first", "second");
            });
            assertThat(backend(ns, "second").getMetadata().getGeneration()).as("the spec did not change").isEqualTo(generation);
            assertThat(second.requests()).isEqualTo(24);
            assertThat(backend(ns, "second").getStatus().accuracy()).isEqualTo(0.75);

            // out of the selector again
            relabel(ns, "second", "b");
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                assertThat(policy(ns).getStatus().routableBackends()).containsExactly("first");
                assertThat(policy(ns).getStatus().pendingBackends()).isEmpty();
                assertThat(names(table(ns))).containsExactly("first");
                assertThat(hasCondition(backend(ns, "second").getStatus().conditions(), "Profiled", "False", "NotSelected")).isTrue();
            });
            assertThat(second.requests()).as("leaving asks nothing").isEqualTo(24);
        }
    }

    private static void relabel(String ns, String name, String pool) {
        k8s.client().resources(LLMBackend.class).inNamespace(ns).withName(name)
                .edit(b -> {
                    b.getMetadata().getLabels().put(Fixtures.POOL_LABEL, pool);
                    return b;
                });
    }

    private static LLMBackend backend(String ns, String name) {
        return k8s.client().resources(LLMBackend.class).inNamespace(ns).withName(name).get();
    }

    private static RoutingPolicy policy(String ns) {
        return k8s.client().resources(RoutingPolicy.class).inNamespace(ns).withName("p").get();
    }

    private static RoutingTable table(String ns) {
        return new RoutingTableJson().read(k8s.client().configMaps().inNamespace(ns).withName(PolicyReconciler.tableName("p")).get()
                .getData().get(PolicyReconciler.TABLE_KEY));
    }

    private static java.util.List<String> names(RoutingTable t) {
        return t.backends().stream().map(RoutingTable.Backend::name).toList();
    }
}
