package io.uniroute.operator;

import static io.uniroute.operator.testing.Waits.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.dataset.PromptRecord;
import io.uniroute.operator.api.Cost;
import io.uniroute.operator.api.JudgeSpec;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LLMBackendSpec;
import io.uniroute.operator.api.PromptItem;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.PromptSetProfile;
import io.uniroute.operator.api.PromptSetSpec;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.profiling.ProfileBits;
import io.uniroute.operator.promptset.PromptSetException;
import io.uniroute.operator.promptset.PromptSetResolver;
import io.uniroute.operator.testing.Fixtures;
import io.uniroute.operator.testing.LoopbackLlm;
import io.uniroute.operator.testing.OperatorHarness;
import io.uniroute.replay.JudgeBehaviour;
import io.uniroute.replay.ReplayServer;
import io.uniroute.replay.answers.GradedPrompt;
import io.uniroute.replay.datasets.BundledDatasets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backend profiled end to end on judge-graded prompts (half with a reference, half open-ended with
 * the rubric), the judge being a replay judge (a simulation answering from the record): clean, it
 * recovers the record; 10%-noisy, it disagrees on about one answer in ten; garbage, every answer is
 * ungraded after bounded retries and a condition says so. Plus the cache, the judge's concurrency,
 * what the judge is sent, and a bad judge reference.
 */
class JudgeGradedProfilingTest {

    @RegisterExtension
    static final OperatorHarness k8s = new OperatorHarness(OperatorHarness.fastSettings());

    static final String MODEL = "mistral-7b-instruct-v0.3";
    static final Dataset DATA = BundledDatasets.llmrouterMini();
    static ReplayServer llms;
    static List<GradedPrompt> prompts;

    @BeforeAll
    static void start() {
        llms = ReplayServer.builder(DATA).models(List.of(MODEL))
                .judge("judge-clean", JudgeBehaviour.CLEAN)
                .judge("judge-noisy", JudgeBehaviour.noisy(0.10))
                .judge("judge-cached", JudgeBehaviour.CLEAN)
                .judge("judge-garbage", JudgeBehaviour.GARBAGE)
                .start();
        List<GradedPrompt> all = llms.gradedPrompts();
        prompts = IntStream.range(0, all.size()).filter(i -> i % 4 == 0).mapToObj(all::get).toList(); // 88 prompts
    }

    @AfterAll
    static void stop() {
        llms.close();
    }

    @Test
    void aCleanJudgeRecoversTheRecord() {
        PromptSetProfile p = profile("clean", "judge-clean", null);
        assertThat(p.ungraded()).isZero();
        assertThat(disagreements(p)).isZero();
        assertThat(p.judge().calls()).isEqualTo(prompts.size());
        assertThat(p.judge().costUsd()).isPositive();
        assertThat(llms.requestCount("judge-clean")).isEqualTo(prompts.size());
        LLMBackend b = backend("clean", "model");
        assertThat(hasCondition(b.getStatus().conditions(), "Graded", "True", "Graded")).isTrue();
        assertThat(b.getStatus().accuracy()).isEqualTo(recordedAccuracy(), org.assertj.core.data.Offset.offset(1e-4));
        // the policy routes on it
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                assertThat(policy("clean").getStatus().routableBackends()).containsExactly("model"));
    }

    @Test
    void aTenPercentNoisyJudgeDisagreesOnAboutOneAnswerInTen() {
        PromptSetProfile p = profile("noisy", "judge-noisy", null);
        assertThat(p.ungraded()).isZero();
        int flipped = disagreements(p);
        System.out.printf("noisy judge: %d of %d verdicts differ from the record%n", flipped, prompts.size());
        // 88 verdicts at 10%: 8.8 expected; [2, 18] is beyond 3 standard deviations either side
        assertThat(flipped).isBetween(2, 18);
        assertThat(hasCondition(backend("noisy", "model").getStatus().conditions(), "Graded", "True", "Graded")).isTrue();
    }

    @Test
    void aGarbageJudgeLeavesEveryAnswerUngradedAfterBoundedRetriesAndSaysSo() {
        PromptSetProfile p = profile("garbage", "judge-garbage", null);
        assertThat(p.ungraded()).isEqualTo(prompts.size());
        assertThat(p.accuracy()).isNull();
        assertThat(p.judge().calls()).isEqualTo(3L * prompts.size()); // first ask + 2 retries per answer, then ungraded
        assertThat(llms.requestCount("judge-garbage")).isEqualTo(3L * prompts.size());
        LLMBackend b = backend("garbage", "model");
        assertThat(hasCondition(b.getStatus().conditions(), "Graded", "False", "TooManyUngraded")).isTrue();
        assertThat(hasCondition(b.getStatus().conditions(), "Profiled", "True", null)).isTrue();
        // nothing graded: the policy does not route on it (ungraded is not wrong)
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(policy("garbage").getStatus().pendingBackends()).contains("model"));
    }

    @Test
    void aSecondBackendGivingTheSameAnswersPaysTheJudgeNothing() {
        profile("cached", "judge-cached", null);
        long calls = llms.requestCount("judge-cached");
        // another backend with the same model answers the same: every verdict comes from the cache
        k8s.client().resources(LLMBackend.class).inNamespace("judge-cached").resource(modelBackend("model2")).create();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                assertThat(backend("judge-cached", "model2").getStatus().profiles().get(0).complete()).isTrue());
        PromptSetProfile second = backend("judge-cached", "model2").getStatus().profiles().get(0);
        assertThat(second.judge().cacheHits()).isEqualTo(prompts.size());
        assertThat(second.judge().calls()).isZero();
        assertThat(llms.requestCount("judge-cached")).isEqualTo(calls);
    }

    @Test
    void theJudgeKeepsToItsMaxConcurrencyAndIsNeverToldWhichBackendAnswered() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        try (LoopbackLlm judge = new LoopbackLlm().withLatency(Duration.ofMillis(30)).answering(text -> {
            seen.add(text);
            return "{\"score\": 1, \"reason\": \"fine\"}";
        })) {
            String ns = "judge-limits";
            KubernetesClient client = k8s.client();
            k8s.newNamespace(ns);
            client.resources(LLMBackend.class).inNamespace(ns).resource(Fixtures.backend("judge", "judges",
                    new LLMBackendSpec(judge.endpoint(), "judge-model", null, new Cost(1.0, 2.0), 2, "5s", 1, null))).create();
            createPromptSet(ns, "judge");
            client.resources(RoutingPolicy.class).inNamespace(ns).resource(Fixtures.policy("p", "judged", "judged", "2")).create();
            client.resources(LLMBackend.class).inNamespace(ns).resource(modelBackend("model")).create();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(backend(ns, "model").getStatus().profiles().get(0).complete()).isTrue());
            assertThat(judge.requests()).isEqualTo(prompts.size());
            assertThat(judge.maxInFlight()).isLessThanOrEqualTo(2); // the profiled backend runs 8 in flight
            assertThat(seen).isNotEmpty().allSatisfy(text -> assertThat(text)
                    .doesNotContain(MODEL).doesNotContain(llms.baseUrl().toString())
                    .contains("[BEGIN ANSWER]"));
        }
    }

    @Test
    void aJudgeThatDoesNotExistOrAThresholdOutOfRangeIsAClearCondition() {
        String ns = "judge-missing";
        KubernetesClient client = k8s.client();
        k8s.newNamespace(ns);
        createPromptSet(ns, "no-such-judge");
        client.resources(RoutingPolicy.class).inNamespace(ns).resource(Fixtures.policy("p", "judged", "judged", "2")).create();
        client.resources(LLMBackend.class).inNamespace(ns).resource(modelBackend("model")).create();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(hasCondition(
                backend(ns, "model").getStatus().conditions(), "Profiled", "False", "JudgeNotFound")).isTrue());
        assertThat(backend(ns, "model").getStatus().conditions().stream().filter(c -> c.getType().equals("Profiled"))
                .findFirst().orElseThrow().getMessage()).contains("no-such-judge").contains("spec.judge.backendRef");

        // a threshold outside [0, 1]: the API server refuses it by the schema, and the operator's own check
        // (for API servers that validate nothing) says the same
        PromptSet ps = client.resources(PromptSet.class).inNamespace(ns).withName("judged").get();
        ps.setSpec(new PromptSetSpec("judge", ps.getSpec().prompts(), null, new JudgeSpec("no-such-judge", null, 1.5)));
        assertThatThrownBy(() -> client.resources(PromptSet.class).inNamespace(ns).resource(ps).update())
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("passThreshold");
        assertThatThrownBy(() -> new PromptSetResolver().resolve(ps, name -> null))
                .isInstanceOf(PromptSetException.class).hasMessageContaining("passThreshold must be in [0, 1]");
    }

    /** Namespace "judge-" + name: the judge, the judged prompt set, a policy and the profiled backend; returns its profile. */
    private static PromptSetProfile profile(String name, String judgeModel, Integer budget) {
        String ns = "judge-" + name;
        KubernetesClient client = k8s.client();
        k8s.newNamespace(ns);
        client.resources(LLMBackend.class).inNamespace(ns).resource(Fixtures.backend("judge", "judges",
                new LLMBackendSpec(llms.baseUrl().toString(), judgeModel, null, new Cost(2.0, 6.0), 4, "5s", 1, null))).create();
        createPromptSet(ns, "judge");
        client.resources(RoutingPolicy.class).inNamespace(ns).resource(Fixtures.policy("p", "judged", "judged", "2")).create();
        client.resources(LLMBackend.class).inNamespace(ns).resource(modelBackend("model")).create();
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                assertThat(hasCondition(backend(ns, "model").getStatus().conditions(), "Profiled", "True", null)).isTrue());
        return backend(ns, "model").getStatus().profiles().get(0);
    }

    /** Every 4th bundled prompt, graded by the judge: the even ones with their reference, the odd ones open-ended. */
    private static void createPromptSet(String ns, String judge) {
        List<PromptItem> items = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            GradedPrompt p = prompts.get(i);
            items.add(new PromptItem(p.id(), p.message(), null, i % 2 == 0 ? p.reference() : null, null, null));
        }
        PromptSet ps = new PromptSet();
        ps.setMetadata(new ObjectMetaBuilder().withName("judged").build());
        ps.setSpec(new PromptSetSpec("judge", items, null, new JudgeSpec(judge, "Answers the question correctly.", null)));
        k8s.client().resources(PromptSet.class).inNamespace(ns).resource(ps).create();
    }

    private static LLMBackend modelBackend(String name) {
        var info = DATA.model(MODEL).orElseThrow();
        return Fixtures.backend(name, "judged", new LLMBackendSpec(llms.baseUrl().toString(), MODEL, null,
                new Cost(info.inputUsdPerMtok(), info.outputUsdPerMtok()), 8, "5s", 1, null));
    }

    /** Prompts whose profiled bit differs from the record. */
    private static int disagreements(PromptSetProfile p) {
        BitSet correct = ProfileBits.decode(p.correctBits());
        Map<String, PromptRecord> byId = DATA.prompts().stream().collect(Collectors.toMap(PromptRecord::id, r -> r));
        int n = 0;
        for (int i = 0; i < prompts.size(); i++) {
            boolean recorded = byId.get(prompts.get(i).id()).scores().get(MODEL) >= 0.5;
            n += correct.get(i) != recorded ? 1 : 0;
        }
        return n;
    }

    private static double recordedAccuracy() {
        Map<String, PromptRecord> byId = DATA.prompts().stream().collect(Collectors.toMap(PromptRecord::id, r -> r));
        return prompts.stream().mapToDouble(p -> byId.get(p.id()).scores().get(MODEL) >= 0.5 ? 1 : 0).average().orElseThrow();
    }

    private static LLMBackend backend(String nsSuffixOrNs, String name) {
        String ns = nsSuffixOrNs.startsWith("judge-") ? nsSuffixOrNs : "judge-" + nsSuffixOrNs;
        return k8s.client().resources(LLMBackend.class).inNamespace(ns).withName(name).get();
    }

    private static RoutingPolicy policy(String name) {
        return k8s.client().resources(RoutingPolicy.class).inNamespace("judge-" + name).withName("p").get();
    }
}
