package io.uniroute.operator;

import static io.uniroute.operator.testing.Waits.condition;
import static io.uniroute.operator.testing.Waits.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LLMBackendStatus;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.api.SecretKeyRef;
import io.uniroute.operator.testing.Fixtures;
import io.uniroute.operator.testing.LoopbackLlm;
import io.uniroute.operator.testing.OperatorHarness;
import io.uniroute.operator.testing.ScriptedAnswers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Backends that fail: retries per request, then Profiled=False with a reason a person can act on, then back-off retries. */
class ProfilingFailureTest {

    @RegisterExtension
    static final OperatorHarness k8s = new OperatorHarness(OperatorHarness.fastSettings());

    private LLMBackendStatus awaitFailure(String ns, String name, String reason) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                assertThat(hasCondition(backend(ns, name).getStatus().conditions(), "Profiled", "False", reason))
                        .as("%s", backend(ns, name).getStatus()).isTrue());
        LLMBackendStatus s = backend(ns, name).getStatus();
        assertThat(s.phase()).isEqualTo("Failed");
        assertThat(hasCondition(s.conditions(), "Ready", "False", reason)).isTrue();
        return s;
    }

    private String setUp(String ns, LLMBackend backend) {
        KubernetesClient client = k8s.client();
        k8s.newNamespace(ns);
        client.resources(PromptSet.class).inNamespace(ns).resource(Fixtures.examplePrompts("prompts")).create();
        client.resources(RoutingPolicy.class).inNamespace(ns).resource(Fixtures.policy("p", "pool", "prompts", "2")).create();
        client.resources(LLMBackend.class).inNamespace(ns).resource(backend).create();
        return ns;
    }

    @Test
    void http500IsRetriedThenReportedThenRecoveredWithBackOff() throws Exception {
        try (LoopbackLlm llm = new LoopbackLlm().failingWith(500)) {
            String ns = setUp("fail-500", Fixtures.backend("b", "pool", Fixtures.spec(llm.endpoint(), 1, "5s", 2, null)));
            LLMBackendStatus s = awaitFailure(ns, "b", "BackendHttpError");
            String message = condition(s.conditions(), "Profiled").orElseThrow().getMessage();
            assertThat(message).contains("HTTP 500").contains("after 3 attempts").contains("check its logs").contains("retry");
            assertThat(llm.requests()).isGreaterThanOrEqualTo(3);
            assertThat(s.consecutiveFailures()).isGreaterThanOrEqualTo(1);
            assertThat(k8s.client().v1().events().inNamespace(ns).list().getItems()).extracting(Event::getReason)
                    .contains("ProfilingFailed");
            assertThat(k8s.registry().find("uniroute.profiling.failures").tag("reason", "BackendHttpError").counter().count())
                    .isGreaterThanOrEqualTo(1);

            // the backend comes back: the back-off retry profiles it with no help
            llm.answering(ScriptedAnswers.of(Fixtures.examplePrompts("x"), id -> true)).healthy();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(hasCondition(backend(ns, "b").getStatus().conditions(), "Profiled", "True", "Profiled")).isTrue());
            assertThat(backend(ns, "b").getStatus().accuracy()).isEqualTo(1.0);
            assertThat(backend(ns, "b").getStatus().consecutiveFailures()).isZero();
        }
    }

    @Test
    void timeoutsAreRetriedThenReported() throws Exception {
        try (LoopbackLlm llm = new LoopbackLlm().withLatency(Duration.ofMillis(1500))) {
            String ns = setUp("fail-timeout", Fixtures.backend("b", "pool", Fixtures.spec(llm.endpoint(), 1, "200ms", 1, null)));
            LLMBackendStatus s = awaitFailure(ns, "b", "BackendTimeout");
            assertThat(condition(s.conditions(), "Profiled").orElseThrow().getMessage())
                    .contains("no answer within 200 ms").contains("after 2 attempts").contains("spec.timeout");
            assertThat(llm.requests()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void garbageIsReportedAsInvalidResponse() throws Exception {
        try (LoopbackLlm llm = new LoopbackLlm().garbage()) {
            String ns = setUp("fail-garbage", Fixtures.backend("b", "pool", Fixtures.spec(llm.endpoint(), 2, "5s", 1, null)));
            LLMBackendStatus s = awaitFailure(ns, "b", "BackendInvalidResponse");
            assertThat(condition(s.conditions(), "Profiled").orElseThrow().getMessage()).contains("not JSON").contains("/v1");
        }
    }

    @Test
    void unauthorizedIsNotRetriedPerRequest() throws Exception {
        try (LoopbackLlm llm = new LoopbackLlm().failingWith(401)) {
            String ns = setUp("fail-401", Fixtures.backend("b", "pool", Fixtures.spec(llm.endpoint(), 1, "5s", 5, null)));
            LLMBackendStatus s = awaitFailure(ns, "b", "BackendUnauthorized");
            assertThat(condition(s.conditions(), "Profiled").orElseThrow().getMessage())
                    .contains("HTTP 401").contains("apiKeySecretRef").doesNotContain("attempts");
        }
    }

    @Test
    void unreachableEndpointIsReported() {
        String ns = setUp("fail-unreachable", Fixtures.backend("b", "pool", Fixtures.spec("http://127.0.0.1:1/v1", 1, "2s", 1, null)));
        LLMBackendStatus s = awaitFailure(ns, "b", "BackendUnreachable");
        assertThat(condition(s.conditions(), "Profiled").orElseThrow().getMessage()).contains("127.0.0.1:1").contains("spec.endpoint");
    }

    @Test
    void missingSecretIsReported() throws Exception {
        try (LoopbackLlm llm = new LoopbackLlm()) {
            String ns = setUp("fail-secret", Fixtures.backend("b", "pool",
                    Fixtures.spec(llm.endpoint(), 1, "2s", 1, new SecretKeyRef("nope", "apiKey"))));
            LLMBackendStatus s = awaitFailure(ns, "b", "SecretNotFound");
            assertThat(condition(s.conditions(), "Profiled").orElseThrow().getMessage()).contains("Secret fail-secret/nope");
            assertThat(llm.requests()).isZero();
        }
    }

    private static LLMBackend backend(String ns, String name) {
        return k8s.client().resources(LLMBackend.class).inNamespace(ns).withName(name).get();
    }
}
