package io.uniroute.operator;

import static io.uniroute.operator.testing.Waits.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LLMBackendStatus;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.PromptSetProfile;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.profiling.ProfileConfigMaps;
import io.uniroute.operator.publishing.PolicyReconciler;
import io.uniroute.operator.testing.Fixtures;
import io.uniroute.operator.testing.LoopbackLlm;
import io.uniroute.operator.testing.OperatorHarness;
import io.uniroute.operator.testing.ScriptedAnswers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A profile is money already spent: it lives in a ConfigMap owned by the backend, and the status only
 * mirrors it. A status wiped mid-profile or after it, and a backend restored from a backup (its
 * profile ConfigMap with it, the backend without its status and with a new uid), pay for no prompt twice.
 * On a real kube-apiserver: the status subresource, owner references and the informers are the server's.
 */
class ProfileSurvivesStatusLossTest {

    @RegisterExtension
    static final OperatorHarness k8s = new OperatorHarness(OperatorHarness.fastSettings());

    static final int PROMPTS = 24;

    @Test
    void aStatusWipedMidProfileAndAfterItCostsNoSecondRequest() throws Exception {
        String ns = k8s.newNamespace("wipe");
        KubernetesClient client = k8s.client();
        try (LoopbackLlm llm = new LoopbackLlm().withLatency(Duration.ofMillis(200))
                .answering(ScriptedAnswers.of(Fixtures.examplePrompts("x"), id -> !id.startsWith("word")));
                LoopbackLlm other = new LoopbackLlm().answering(ScriptedAnswers.of(Fixtures.examplePrompts("x"), id -> true))) {
            setUp(ns, llm);
            // a second backend in the table, so a table without "b" would be a table (and a write)
            client.resources(LLMBackend.class).inNamespace(ns)
                    .resource(Fixtures.backend("other", "pool", Fixtures.spec(other.endpoint(), 4, "5s", 1, null))).create();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(saved(ns).completed()).isBetween(4, PROMPTS - 4));
            wipeStatus(ns);

            awaitProfiled(ns);
            assertThat(llm.requests()).as("every prompt paid for once").isEqualTo(PROMPTS);
            PromptSetProfile done = backend(ns).getStatus().profiles().get(0);
            assertThat(done.completed()).isEqualTo(PROMPTS);
            assertThat(done.accuracy()).isEqualTo(0.75);
            assertThat(done).as("the status mirrors the saved profile").isEqualTo(saved(ns));

            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    assertThat(policy(ns).getStatus().routableBackends()).containsExactly("b", "other"));
            String tableVersion = table(ns).getMetadata().getResourceVersion();
            wipeStatus(ns);
            awaitProfiled(ns);
            assertThat(backend(ns).getStatus().profiles().get(0).startedAt()).isEqualTo(done.startedAt());
            assertThat(table(ns).getMetadata().getResourceVersion()).as("the table was not re-written without the backend")
                    .isEqualTo(tableVersion);
            assertThat(policy(ns).getStatus().routableBackends()).containsExactly("b", "other");
            assertThat(backend(ns).getStatus().accuracy()).isEqualTo(0.75);
            assertThat(llm.requests()).as("a wiped status is mirrored again, not measured again").isEqualTo(PROMPTS);
        }
    }

    @Test
    void aBackendRestoredFromABackupKeepsItsProfile() throws Exception {
        String ns = k8s.newNamespace("restore");
        KubernetesClient client = k8s.client();
        try (LoopbackLlm llm = new LoopbackLlm().answering(ScriptedAnswers.of(Fixtures.examplePrompts("x"), id -> true))) {
            setUp(ns, llm);
            awaitProfiled(ns);
            assertThat(llm.requests()).isEqualTo(PROMPTS);
            ConfigMap backup = client.configMaps().inNamespace(ns).withName(ProfileConfigMaps.name("b", "prompts")).get();
            LLMBackend backedUp = backend(ns);
            String oldUid = backedUp.getMetadata().getUid();

            // lost: the backend and (through its owner reference, as a cluster's collector would) its profile
            client.resources(LLMBackend.class).inNamespace(ns).withName("b").delete();
            client.configMaps().inNamespace(ns).withName(backup.getMetadata().getName()).delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> backend(ns) == null);

            // restored: the objects as backed up, without status, resourceVersion or uid
            client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder(backup).editMetadata()
                    .withResourceVersion(null).withUid(null).withCreationTimestamp(null).endMetadata().build()).create();
            LLMBackend restored = Fixtures.backend("b", "pool", backedUp.getSpec());
            client.resources(LLMBackend.class).inNamespace(ns).resource(restored).create();

            awaitProfiled(ns);
            assertThat(backend(ns).getMetadata().getUid()).isNotEqualTo(oldUid);
            assertThat(llm.requests()).as("the restored profile is not paid for again").isEqualTo(PROMPTS);
            assertThat(backend(ns).getStatus().accuracy()).isEqualTo(1.0);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.configMaps().inNamespace(ns)
                    .withName(backup.getMetadata().getName()).get().getMetadata().getOwnerReferences())
                    .as("the kept profile now belongs to the restored backend")
                    .singleElement().satisfies(o -> assertThat(o.getUid()).isEqualTo(backend(ns).getMetadata().getUid())));
        }
    }

    private static void setUp(String ns, LoopbackLlm llm) {
        KubernetesClient client = k8s.client();
        client.resources(PromptSet.class).inNamespace(ns).resource(Fixtures.examplePrompts("prompts")).create();
        client.resources(RoutingPolicy.class).inNamespace(ns).resource(Fixtures.policy("p", "pool", "prompts", "3")).create();
        client.resources(LLMBackend.class).inNamespace(ns)
                .resource(Fixtures.backend("b", "pool", Fixtures.spec(llm.endpoint(), 1, "5s", 1, null))).create();
    }

    /** What an admin's `kubectl edit --subresource=status`, or a restore that drops status, leaves. */
    private static void wipeStatus(String ns) {
        // a replace of the status at the version read; the operator writing progress meanwhile is a 409, tried again
        await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
            LLMBackend b = backend(ns);
            b.setStatus(new LLMBackendStatus(null, null, null, null, null, null, null));
            k8s.client().resources(LLMBackend.class).inNamespace(ns).resource(b).updateStatus();
            return true;
        });
    }

    private static void awaitProfiled(String ns) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                assertThat(hasCondition(backend(ns).getStatus().conditions(), "Profiled", "True", "Profiled")).isTrue());
    }

    private static RoutingPolicy policy(String ns) {
        return k8s.client().resources(RoutingPolicy.class).inNamespace(ns).withName("p").get();
    }

    private static ConfigMap table(String ns) {
        return k8s.client().configMaps().inNamespace(ns).withName(PolicyReconciler.tableName("p")).get();
    }

    private static LLMBackend backend(String ns) {
        return k8s.client().resources(LLMBackend.class).inNamespace(ns).withName("b").get();
    }

    private static PromptSetProfile saved(String ns) throws Exception {
        ConfigMap cm = k8s.client().configMaps().inNamespace(ns).withName(ProfileConfigMaps.name("b", "prompts")).get();
        return new ObjectMapper().readValue(cm.getData().get(ProfileConfigMaps.PROFILE_KEY), PromptSetProfile.class);
    }
}
