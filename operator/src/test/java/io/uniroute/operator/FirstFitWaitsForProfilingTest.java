package io.uniroute.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.testing.Fixtures;
import io.uniroute.operator.testing.LoopbackLlm;
import io.uniroute.operator.testing.OperatorHarness;
import io.uniroute.operator.testing.ScriptedAnswers;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * K chosen by {@code clusters: auto} is fitted once and then frozen, so the first fit waits for every
 * selected backend that is still being profiled: a slow backend is not left out of it.
 */
class FirstFitWaitsForProfilingTest {

    @RegisterExtension
    static final OperatorHarness k8s = new OperatorHarness(OperatorHarness.fastSettings());

    static final String NS = "firstfit";
    static LoopbackLlm fast;
    static LoopbackLlm slow;

    @AfterAll
    static void stopModels() {
        fast.close();
        slow.close();
    }

    @Test
    void theFirstAutoFitIncludesABackendThatFinishesProfilingLater() throws Exception {
        k8s.newNamespace(NS);
        var client = k8s.client();
        PromptSet prompts = Fixtures.examplePrompts("ex");
        fast = new LoopbackLlm().answering(ScriptedAnswers.of(prompts, id -> id.startsWith("arith")));
        // 24 prompts one at a time at 150 ms: profiled seconds after the fast one
        slow = new LoopbackLlm().answering(ScriptedAnswers.of(prompts, id -> !id.startsWith("word")))
                .withLatency(Duration.ofMillis(150));
        client.resources(PromptSet.class).inNamespace(NS).resource(prompts).create();
        client.resources(RoutingPolicy.class).inNamespace(NS).resource(Fixtures.policy("auto", "p", "ex", "auto")).create();
        client.resources(LLMBackend.class).inNamespace(NS)
                .resource(Fixtures.backend("fast", "p", Fixtures.spec(fast.endpoint(), 8, "5s", 1, null))).create();
        client.resources(LLMBackend.class).inNamespace(NS)
                .resource(Fixtures.backend("slow", "p", Fixtures.spec(slow.endpoint(), 1, "5s", 1, null))).create();

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            var s = client.resources(RoutingPolicy.class).inNamespace(NS).withName("auto").get().getStatus();
            assertThat(s.table()).isNotNull();
            assertThat(s.fit()).isNotNull();
        });
        var s = client.resources(RoutingPolicy.class).inNamespace(NS).withName("auto").get().getStatus();
        assertThat(s.fit().fittedOn()).as("K was chosen with both backends' profiles").containsExactly("fast", "slow");
        assertThat(s.routableBackends()).containsExactly("fast", "slow");
    }
}
