package io.uniroute.operator;

import static io.uniroute.operator.testing.Waits.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.uniroute.core.dataset.Dataset;
import io.uniroute.operator.api.Cost;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LLMBackendSpec;
import io.uniroute.operator.api.ProfilingBudget;
import io.uniroute.operator.api.PromptItem;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.PromptSetProfile;
import io.uniroute.operator.api.PromptSetSpec;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.api.RoutingPolicySpec;
import io.uniroute.operator.profiling.ProfileBits;
import io.uniroute.operator.testing.Fixtures;
import io.uniroute.operator.testing.OperatorHarness;
import io.uniroute.replay.ReplayServer;
import io.uniroute.replay.answers.GradedPrompt;
import io.uniroute.replay.datasets.BundledDatasets;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * spec.profiling.maxPromptsPerBackend: each backend is sent at most N prompts chosen stratified by
 * the policy's clusters; a second policy over the same prompt set adds only the prompts of its own
 * choice (the union is profiled once); a budget below K is a clear condition; the table is built
 * from the budgeted profiles.
 */
class ProfilingBudgetTest {

    @RegisterExtension
    static final OperatorHarness k8s = new OperatorHarness(OperatorHarness.fastSettings());

    static final String NS = "budget";
    static final List<String> MODELS = List.of("gemma-2-9b-it", "llama-3.1-nemotron-51b-instruct");

    @Test
    void backendsAreProfiledOnTheBudgetsStratifiedChoiceAndTheUnionOfTwoPolicies() {
        Dataset data = BundledDatasets.llmrouterMini();
        try (ReplayServer llms = ReplayServer.builder(data).models(MODELS).start()) {
            List<GradedPrompt> all = llms.gradedPrompts();
            List<GradedPrompt> prompts = IntStream.range(0, all.size()).filter(i -> i % 2 == 0).mapToObj(all::get).toList(); // 176
            KubernetesClient client = k8s.client();
            k8s.newNamespace(NS);
            PromptSet ps = new PromptSet();
            ps.setMetadata(new ObjectMetaBuilder().withName("mini").build());
            ps.setSpec(new PromptSetSpec(null, prompts.stream().map(p -> new PromptItem(p.id(), p.message(), null, p.reference(),
                    p.grader(), null)).toList(), null));
            client.resources(PromptSet.class).inNamespace(NS).resource(ps).create();
            client.resources(RoutingPolicy.class).inNamespace(NS).resource(policy("first", 4, 40, 7L)).create();
            for (int i = 0; i < MODELS.size(); i++) {
                var info = data.model(MODELS.get(i)).orElseThrow();
                client.resources(LLMBackend.class).inNamespace(NS).resource(Fixtures.backend("b" + i, "budget",
                        new LLMBackendSpec(llms.baseUrl().toString(), MODELS.get(i), null,
                                new Cost(info.inputUsdPerMtok(), info.outputUsdPerMtok()), 8, "5s", 1, null))).create();
            }
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                var s = policy("first").getStatus();
                assertThat(hasCondition(s.conditions(), "Ready", "True", "Published")).as("%s", s.conditions()).isTrue();
                assertThat(s.routableBackends()).containsExactly("b0", "b1");
            });
            for (int i = 0; i < MODELS.size(); i++) {
                assertThat(llms.requestCount(MODELS.get(i))).as(MODELS.get(i)).isEqualTo(40);
                PromptSetProfile p = backend("b" + i).getStatus().profiles().get(0);
                assertThat(p.selected()).isEqualTo(40);
                assertThat(p.completed()).isEqualTo(40);
                assertThat(p.prompts()).isEqualTo(prompts.size());
            }
            BitSet first = ProfileBits.decode(backend("b0").getStatus().profiles().get(0).selectedBits());
            assertThat(ProfileBits.decode(backend("b1").getStatus().profiles().get(0).selectedBits())).isEqualTo(first);
            assertThat(policy("first").getStatus().estimate()).isNotNull();

            // a second policy over the same prompt set, another seed: only the prompts of its choice not yet asked are sent
            client.resources(RoutingPolicy.class).inNamespace(NS).resource(policy("second", 4, 40, 99L)).create();
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                assertThat(hasCondition(policy("second").getStatus().conditions(), "Ready", "True", "Published")).isTrue();
                PromptSetProfile p = backend("b0").getStatus().profiles().get(0);
                assertThat(p.selected()).isGreaterThan(40).isLessThanOrEqualTo(80);
                assertThat(p.completed()).isEqualTo(p.selected());
            });
            PromptSetProfile union = backend("b0").getStatus().profiles().get(0);
            assertThat(llms.requestCount(MODELS.get(0))).isEqualTo(union.selected().longValue()); // each prompt once
            BitSet both = ProfileBits.decode(union.selectedBits());
            BitSet kept = (BitSet) first.clone();
            kept.andNot(both);
            assertThat(kept.isEmpty()).as("the first choice stays in the union").isTrue();
            System.out.printf("budget 40 per policy: %d calls per backend for two policies instead of %d (every prompt)%n",
                    union.selected(), prompts.size());

            // a budget below K: a clear condition
            client.resources(RoutingPolicy.class).inNamespace(NS).resource(policy("tight", 8, 5, 1L)).create();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                var c = policy("tight").getStatus().conditions();
                assertThat(hasCondition(c, "Ready", "False", "BudgetBelowClusters")).isTrue();
                assertThat(c.stream().filter(x -> x.getType().equals("Ready")).findFirst().orElseThrow().getMessage())
                        .contains("maxPromptsPerBackend is 5").contains("8 clusters");
            });
        }
    }

    private static RoutingPolicy policy(String name, int clusters, int budget, long seed) {
        RoutingPolicy p = new RoutingPolicy();
        p.setMetadata(new ObjectMetaBuilder().withName(name).build());
        p.setSpec(new RoutingPolicySpec(new LabelSelectorBuilder().addToMatchLabels(Fixtures.POOL_LABEL, "budget").build(), "mini",
                "cluster", String.valueOf(clusters), null, 0.2, seed, null, null, null, new ProfilingBudget(budget)));
        return p;
    }

    private static RoutingPolicy policy(String name) {
        return k8s.client().resources(RoutingPolicy.class).inNamespace(NS).withName(name).get();
    }

    private static LLMBackend backend(String name) {
        return k8s.client().resources(LLMBackend.class).inNamespace(NS).withName(name).get();
    }
}
