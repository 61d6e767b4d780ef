package io.uniroute.operator;

import static io.uniroute.operator.testing.Waits.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LLMBackendSpec;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.testing.Fixtures;
import io.uniroute.operator.testing.LoopbackLlm;
import io.uniroute.operator.testing.OperatorHarness;
import io.uniroute.operator.testing.ScriptedAnswers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reconcile cancels the profiling job whose work no longer counts: a new endpoint (the old model's
 * answers say nothing about the new one) and a deleted backend. The old endpoint then gets no new
 * request; only those already in flight finish.
 */
class ProfilingJobCancellationTest {

    @RegisterExtension
    static final OperatorHarness k8s = new OperatorHarness(OperatorHarness.fastSettings());

    static final int PROMPTS = 24;

    @Test
    void aNewEndpointCancelsTheJobOnTheOldOne() throws Exception {
        String ns = k8s.newNamespace("cancel-spec");
        KubernetesClient client = k8s.client();
        var prompts = Fixtures.examplePrompts("x");
        try (LoopbackLlm old = new LoopbackLlm().withLatency(Duration.ofMillis(300)).answering(ScriptedAnswers.of(prompts, id -> false));
                LoopbackLlm next = new LoopbackLlm().answering(ScriptedAnswers.of(prompts, id -> true))) {
            setUp(ns, old);
            await().atMost(Duration.ofSeconds(30)).until(() -> old.requests() >= 3);

            client.resources(LLMBackend.class).inNamespace(ns).withName("b").edit(b -> {
                LLMBackendSpec s = b.getSpec();
                b.setSpec(new LLMBackendSpec(next.endpoint(), s.model(), s.apiKeySecretRef(), s.cost(), s.maxConcurrency(), s.timeout(),
                        s.maxRetries(), s.maxTokens()));
                return b;
            });
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(hasCondition(backend(ns).getStatus().conditions(), "Profiled", "True", "Profiled")).isTrue());
            assertThat(next.requests()).as("the new endpoint answers every prompt").isEqualTo(PROMPTS);
            assertThat(backend(ns).getStatus().accuracy()).as("measured on the new endpoint only").isEqualTo(1.0);
            int seen = old.requests();
            assertThat(seen).as("the old job stopped early").isLessThan(PROMPTS);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> old.requests() == seen);
        }
    }

    @Test
    void aDeletedBackendsJobStops() throws Exception {
        String ns = k8s.newNamespace("cancel-delete");
        try (LoopbackLlm llm = new LoopbackLlm().withLatency(Duration.ofMillis(300))
                .answering(ScriptedAnswers.of(Fixtures.examplePrompts("x"), id -> true))) {
            setUp(ns, llm);
            await().atMost(Duration.ofSeconds(30)).until(() -> llm.requests() >= 3);
            k8s.client().resources(LLMBackend.class).inNamespace(ns).withName("b").delete();
            int atDelete = llm.requests();
            // one request in flight (maxConcurrency 1) may still be sent as the deletion is seen; then nothing
            await().atMost(Duration.ofSeconds(10)).until(() -> llm.answered() == llm.requests());
            int settled = llm.requests();
            assertThat(settled).isLessThanOrEqualTo(atDelete + 1);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> llm.requests() == settled);
        }
    }

    private static void setUp(String ns, LoopbackLlm llm) {
        KubernetesClient client = k8s.client();
        client.resources(PromptSet.class).inNamespace(ns).resource(Fixtures.examplePrompts("prompts")).create();
        client.resources(RoutingPolicy.class).inNamespace(ns).resource(Fixtures.policy("p", "pool", "prompts", "3")).create();
        client.resources(LLMBackend.class).inNamespace(ns)
                .resource(Fixtures.backend("b", "pool", Fixtures.spec(llm.endpoint(), 1, "5s", 1, null))).create();
    }

    private static LLMBackend backend(String ns) {
        return k8s.client().resources(LLMBackend.class).inNamespace(ns).withName("b").get();
    }
}
