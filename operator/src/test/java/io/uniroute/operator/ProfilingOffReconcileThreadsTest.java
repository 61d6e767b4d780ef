package io.uniroute.operator;

import static io.uniroute.operator.testing.Waits.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.publishing.PolicyReconciler;
import io.uniroute.operator.testing.Fixtures;
import io.uniroute.operator.testing.LoopbackLlm;
import io.uniroute.operator.testing.OperatorHarness;
import io.uniroute.operator.testing.ScriptedAnswers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Profiling runs off the reconcile threads: ten backends whose every answer takes 20 s are profiling
 * at once (as many as the operator has reconcile threads), and a policy over an already-profiled
 * backend still gets its table while none of the ten has had a single answer back. When profiling
 * ran inside the reconcile, each of the ten held a reconcile thread until its batch's answers came,
 * and the policy waited for them.
 */
class ProfilingOffReconcileThreadsTest {

    static final int SLOW_BACKENDS = 10;
    static final Duration SLOW_ANSWER = Duration.ofSeconds(20);

    @RegisterExtension
    static final OperatorHarness k8s = new OperatorHarness(OperatorHarness.fastSettings()); // 10 reconcile threads

    static final List<LoopbackLlm> models = new ArrayList<>();

    @AfterAll
    static void stopModels() {
        models.forEach(LoopbackLlm::close);
    }

    @Test
    void tenBackendsProfilingDoNotDelayATableOfProfiledBackends() throws Exception {
        String ns = k8s.newNamespace("offthread");
        KubernetesClient client = k8s.client();
        PromptSet prompts = Fixtures.examplePrompts("prompts");
        client.resources(PromptSet.class).inNamespace(ns).resource(prompts).create();

        LoopbackLlm fast = model(new LoopbackLlm().answering(ScriptedAnswers.of(prompts, id -> true)));
        client.resources(RoutingPolicy.class).inNamespace(ns).resource(Fixtures.policy("first", "ready", "prompts", "3")).create();
        client.resources(LLMBackend.class).inNamespace(ns)
                .resource(Fixtures.backend("ready", "ready", Fixtures.spec(fast.endpoint(), 8, "5s", 1, null))).create();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                assertThat(table(ns, "first")).isNotNull());

        List<LoopbackLlm> slow = new ArrayList<>();
        client.resources(RoutingPolicy.class).inNamespace(ns).resource(Fixtures.policy("slow", "slow", "prompts", "3")).create();
        for (int i = 0; i < SLOW_BACKENDS; i++) {
            LoopbackLlm llm = model(new LoopbackLlm().withLatency(SLOW_ANSWER).answering(ScriptedAnswers.of(prompts, id -> true)));
            slow.add(llm);
            client.resources(LLMBackend.class).inNamespace(ns)
                    .resource(Fixtures.backend("slow-" + i, "slow", Fixtures.spec(llm.endpoint(), 2, "60s", 0, null))).create();
        }
        long sent = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(slow).as("all ten have a request in flight").allMatch(l -> l.requests() >= 1));
        double allInFlightAfter = (System.nanoTime() - sent) / 1e9;

        long created = System.nanoTime();
        client.resources(RoutingPolicy.class).inNamespace(ns).resource(Fixtures.policy("late", "ready", "prompts", "3")).create();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                assertThat(table(ns, "late")).isNotNull());
        double publishedAfter = (System.nanoTime() - created) / 1e9;
        int answeredByThen = slow.stream().mapToInt(LoopbackLlm::answered).sum();
        System.out.printf(Locale.ROOT, "ten-backends: all ten in flight %.2f s after their creation; table of 'late' published"
                + " %.2f s after its creation, when the ten had answered %d requests (each answer takes %d s)%n",
                allInFlightAfter, publishedAfter, answeredByThen, SLOW_ANSWER.toSeconds());

        assertThat(slow).as("the table came while none of the ten slow backends had answered")
                .allMatch(l -> l.answered() == 0);
        for (int i = 0; i < SLOW_BACKENDS; i++) {
            var status = client.resources(LLMBackend.class).inNamespace(ns).withName("slow-" + i).get().getStatus();
            assertThat(hasCondition(status.conditions(), "Profiled", "False", "Profiling")).as("slow-%d still profiling", i).isTrue();
        }
        assertThat(client.resources(RoutingPolicy.class).inNamespace(ns).withName("late").get().getStatus().routableBackends())
                .containsExactly("ready");
    }

    private static LoopbackLlm model(LoopbackLlm llm) {
        models.add(llm);
        return llm;
    }

    private static ConfigMap table(String ns, String policy) {
        return k8s.client().configMaps().inNamespace(ns).withName(PolicyReconciler.tableName(policy)).get();
    }
}
