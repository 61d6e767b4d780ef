package io.uniroute.operator;

import static io.uniroute.operator.testing.Waits.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.PromptSetProfile;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.profiling.ProfileConfigMaps;
import io.uniroute.operator.testing.Fixtures;
import io.uniroute.operator.testing.LoopbackLlm;
import io.uniroute.operator.testing.OperatorHarness;
import io.uniroute.operator.testing.ScriptedAnswers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator stops in the middle of profiling; a new one resumes from the saved profile and asks no prompt twice. */
class RestartResumeTest {

    @RegisterExtension
    static final OperatorHarness k8s = new OperatorHarness(OperatorHarness.fastSettings());

    @Test
    void restartMidProfilingResumesWhereItStopped() throws Exception {
        String ns = k8s.newNamespace("restart");
        KubernetesClient client = k8s.client();
        try (LoopbackLlm llm = new LoopbackLlm().withLatency(Duration.ofMillis(250))
                .answering(ScriptedAnswers.of(Fixtures.examplePrompts("x"), id -> !id.startsWith("word")))) {
            client.resources(PromptSet.class).inNamespace(ns).resource(Fixtures.examplePrompts("prompts")).create();
            client.resources(RoutingPolicy.class).inNamespace(ns).resource(Fixtures.policy("p", "pool", "prompts", "3")).create();
            client.resources(LLMBackend.class).inNamespace(ns)
                    .resource(Fixtures.backend("slow", "pool", Fixtures.spec(llm.endpoint(), 2, "5s", 1, null))).create();

            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(profile(ns).completed()).isGreaterThanOrEqualTo(2));
            k8s.stopOperator();

            // the profile ConfigMap is what was saved (the status mirrors it, and may lag the last save)
            PromptSetProfile saved = savedProfile(ns);
            assertThat(profile(ns).completed()).as("a clean stop leaves the status in step with the saved profile")
                    .isEqualTo(saved.completed());
            int requestsBeforeRestart = llm.requests();
            assertThat(saved.completed()).as("stopped in the middle").isBetween(2, 23);
            assertThat(hasCondition(backend(ns).getStatus().conditions(), "Profiled", "False", "Profiling")).isTrue();

            k8s.startOperator();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(hasCondition(backend(ns).getStatus().conditions(), "Profiled", "True", "Profiled")).isTrue());

            PromptSetProfile done = profile(ns);
            assertThat(done.completed()).isEqualTo(24);
            assertThat(done.startedAt()).as("the same profile, resumed").isEqualTo(saved.startedAt());
            assertThat(llm.requests() - requestsBeforeRestart).as("only the prompts not yet saved are asked again")
                    .isEqualTo(24 - saved.completed());
            assertThat(done.accuracy()).isEqualTo(0.75);
        }
    }

    private static LLMBackend backend(String ns) {
        return k8s.client().resources(LLMBackend.class).inNamespace(ns).withName("slow").get();
    }

    private static PromptSetProfile savedProfile(String ns) throws Exception {
        var cm = k8s.client().configMaps().inNamespace(ns).withName(ProfileConfigMaps.name("slow", "prompts")).get();
        return new ObjectMapper().readValue(cm.getData().get(ProfileConfigMaps.PROFILE_KEY), PromptSetProfile.class);
    }

    private static PromptSetProfile profile(String ns) {
        return backend(ns).getStatus().profiles().get(0);
    }
}
