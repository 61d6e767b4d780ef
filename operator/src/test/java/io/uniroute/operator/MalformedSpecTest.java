package io.uniroute.operator;

import static io.uniroute.operator.testing.Waits.condition;
import static io.uniroute.operator.testing.Waits.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.uniroute.operator.api.CascadeSpec;
import io.uniroute.operator.api.ConfigMapKeyRef;
import io.uniroute.operator.api.Cost;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LLMBackendSpec;
import io.uniroute.operator.api.PromptItem;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.PromptSetSpec;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.api.RoutingPolicySpec;
import io.uniroute.operator.profiling.BackendSpecCheck;
import io.uniroute.operator.promptset.PromptSetException;
import io.uniroute.operator.promptset.PromptSetResolver;
import io.uniroute.operator.publishing.PolicyChecks;
import io.uniroute.operator.testing.Fixtures;
import io.uniroute.operator.testing.LoopbackLlm;
import io.uniroute.operator.testing.OperatorHarness;
import io.uniroute.operator.testing.ScriptedAnswers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Malformed specs on the real API server. Those the CRDs' schema or CEL rules refuse (a current
 * server answers 422) are checked twice: the server refuses them, and the operator's own check — what
 * protects a cluster older than 1.25, where the CEL rules are not evaluated — gives the same verdict.
 * Those the server accepts end Ready=False with a clear reason and message, and the operator keeps
 * publishing a good policy next to them. (Which side judges which: docs/operator.md.)
 */
class MalformedSpecTest {

    @RegisterExtension
    static final OperatorHarness k8s = new OperatorHarness(OperatorHarness.fastSettings());

    static final String NS = "malformed";
    static LoopbackLlm llm;

    @BeforeAll
    static void setUp() throws Exception {
        llm = new LoopbackLlm().answering(ScriptedAnswers.of(Fixtures.examplePrompts("x"), id -> id.startsWith("arith")));
        k8s.newNamespace(NS);
        KubernetesClient client = k8s.client();
        client.resources(PromptSet.class).inNamespace(NS).resource(Fixtures.examplePrompts("good-prompts")).create();
        client.resources(LLMBackend.class).inNamespace(NS)
                .resource(Fixtures.backend("good", "good", Fixtures.spec(llm.endpoint(), 4, "5s", 1, null))).create();
    }

    @AfterAll
    static void tearDown() {
        llm.close();
    }

    @Test
    void malformedBackendsAreInvalidWithAReason() {
        Map<String, LLMBackendSpec> bad = Map.of(
                "no-endpoint", new LLMBackendSpec(null, "m", null, new Cost(1.0, 1.0), null, null, null, null),
                "negative-cost", new LLMBackendSpec(llm.endpoint(), "m", null, new Cost(-1.0, 1.0), null, null, null, null),
                "not-a-url", new LLMBackendSpec("ftp://example.com/v1", "m", null, new Cost(1.0, 1.0), null, null, null, null),
                "no-model", new LLMBackendSpec(llm.endpoint(), " ", null, new Cost(1.0, 1.0), null, null, null, null),
                "bad-timeout", new LLMBackendSpec(llm.endpoint(), "m", null, new Cost(1.0, 1.0), null, "soon", null, null),
                "zero-concurrency", new LLMBackendSpec(llm.endpoint(), "m", null, new Cost(1.0, 1.0), 0, null, null, null),
                "key-in-url", new LLMBackendSpec(llm.endpoint() + "?api_key=abc", "m", null, new Cost(1.0, 1.0), null, null, null, null),
                "no-cost", new LLMBackendSpec(llm.endpoint(), "m", null, null, null, null, null, null));
        Map<String, LLMBackendSpec> refused = new java.util.HashMap<>();
        bad.forEach((name, spec) -> {
            if (!created(() -> k8s.client().resources(LLMBackend.class).inNamespace(NS).resource(Fixtures.backend(name, "bad", spec)).create())) {
                refused.put(name, spec);
            }
        });
        assertThat(refused.keySet()).as("refused by the server's schema and CEL rules")
                .containsExactlyInAnyOrder("no-endpoint", "negative-cost", "not-a-url", "bad-timeout", "zero-concurrency", "no-cost");
        Map<String, String> expected = Map.of(
                "no-endpoint", "spec.endpoint is required",
                "negative-cost", "must be finite and >= 0",
                "not-a-url", "is not an http(s) URL",
                "no-model", "spec.model is required",
                "bad-timeout", "'soon' is not a positive duration",
                "zero-concurrency", "maxConcurrency must be between 1 and 256",
                "key-in-url", "must not carry credentials or a query",
                "no-cost", "spec.cost");
        refused.forEach((name, spec) -> assertThat(BackendSpecCheck.problem(spec)).as(name).get(InstanceOfAssertFactories.STRING)
                .contains(expected.get(name)));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> expected.forEach((name, text) -> {
            if (refused.containsKey(name)) {
                return;
            }
            var s = k8s.client().resources(LLMBackend.class).inNamespace(NS).withName(name).get().getStatus();
            assertThat(s.phase()).as(name).isEqualTo("Invalid");
            Condition ready = condition(s.conditions(), "Ready").orElseThrow();
            assertThat(ready.getStatus()).as(name).isEqualTo("False");
            assertThat(ready.getReason()).as(name).isEqualTo("InvalidSpec");
            assertThat(ready.getMessage()).as(name).contains(text);
        }));
        assertThat(llm.requests()).as("no request for an invalid backend").isLessThanOrEqualTo(24);
    }

    @Test
    void malformedPoliciesAndPromptSetsAreNotReadyWithAReason() {
        KubernetesClient client = k8s.client();
        Map<String, PromptSetSpec> promptSets = new java.util.LinkedHashMap<>();
        promptSets.put("empty", new PromptSetSpec(null, List.of(), null));
        promptSets.put("bad-grader", new PromptSetSpec(null, List.of(new PromptItem("q1", "What is 2+2?", null, "4", "fuzzy", null)), null));
        promptSets.put("bad-regex", new PromptSetSpec(null, List.of(new PromptItem("q1", "Say hi", null, "([a-z", "regex", null)), null));
        promptSets.put("duplicate-ids", new PromptSetSpec(null,
                List.of(new PromptItem("q1", "a?", null, "a", null, null), new PromptItem("q1", "b?", null, "b", null, null)), null));
        promptSets.put("missing-configmap", new PromptSetSpec(null, null, List.of(new ConfigMapKeyRef("nowhere", "prompts.jsonl"))));
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("broken-jsonl").endMetadata()
                .addToData("prompts.jsonl", "{\"id\": \"a\", \"prompt\": \"hi\", \"reference\": \"hello\"}\n{not json\n").build()).create();
        promptSets.put("broken-jsonl", new PromptSetSpec(null, null, List.of(new ConfigMapKeyRef("broken-jsonl", "prompts.jsonl"))));
        Map<String, PromptSet> refusedSets = new java.util.HashMap<>();
        promptSets.forEach((name, spec) -> {
            if (!created(() -> client.resources(PromptSet.class).inNamespace(NS).resource(promptSet(name, spec)).create())) {
                refusedSets.put(name, promptSet(name, spec));
            }
        });
        assertThat(refusedSets.keySet()).as("refused by the server").containsExactlyInAnyOrder("empty", "bad-grader");

        Map<String, Supplier<RoutingPolicySpec>> bad = Map.ofEntries(
                Map.entry("unknown-promptset", () -> spec("does-not-exist", "cluster", "2", 0.2, null)),
                Map.entry("empty-promptset", () -> spec("empty", "cluster", "2", 0.2, null)),
                Map.entry("bad-grader", () -> spec("bad-grader", "cluster", "1", 0.2, null)),
                Map.entry("bad-regex", () -> spec("bad-regex", "cluster", "1", 0.2, null)),
                Map.entry("duplicate-ids", () -> spec("duplicate-ids", "cluster", "1", 0.2, null)),
                Map.entry("missing-configmap", () -> spec("missing-configmap", "cluster", "1", 0.2, null)),
                Map.entry("broken-jsonl", () -> spec("broken-jsonl", "cluster", "1", 0.2, null)),
                Map.entry("k-too-large", () -> spec("good-prompts", "cluster", "50", 0.2, null)),
                Map.entry("unknown-strategy", () -> spec("good-prompts", "round-robin", "2", 0.2, null)),
                Map.entry("negative-lambda", () -> spec("good-prompts", "cluster", "2", -1.0, null)),
                Map.entry("cascade-without-strategy", () -> spec("good-prompts", "cluster", "2", 0.2, new CascadeSpec(null, 0.5, -0.5, 2))),
                Map.entry("bad-clusters", () -> spec("good-prompts", "cluster", "many", 0.2, null)),
                Map.entry("no-promptset-ref", () -> spec(null, "cluster", "2", 0.2, null)),
                Map.entry("bad-selector", () -> new RoutingPolicySpec(new LabelSelectorBuilder().addToMatchExpressions(
                        new LabelSelectorRequirementBuilder().withKey("x").withOperator("Near").build()).build(),
                        "good-prompts", "cluster", "2", null, 0.2, 42L, null, null, null)),
                Map.entry("no-backends", () -> new RoutingPolicySpec(new LabelSelectorBuilder().addToMatchLabels("uniroute.io/pool", "none").build(),
                        "good-prompts", "cluster", "2", null, 0.2, 42L, null, null, null)));
        Map<String, RoutingPolicySpec> refused = new java.util.HashMap<>();
        bad.forEach((name, spec) -> {
            if (!created(() -> client.resources(RoutingPolicy.class).inNamespace(NS).resource(policy(name, spec.get())).create())) {
                refused.put(name, spec.get());
            }
        });
        assertThat(refused.keySet()).as("refused by the server's schema and CEL rules").containsExactlyInAnyOrder(
                "unknown-strategy", "negative-lambda", "cascade-without-strategy", "bad-clusters", "no-promptset-ref");
        // the prompt sets the server refused never exist; the operator's own resolver judges them as the policy would
        Map<String, String> viaPromptSet = Map.of("empty-promptset", "empty", "bad-grader", "bad-grader");
        Map<String, String[]> expected = Map.ofEntries(
                Map.entry("unknown-promptset", new String[] {"PromptSetNotFound", "does-not-exist does not exist"}),
                Map.entry("empty-promptset", new String[] {"PromptSetEmpty", "has no prompts"}),
                Map.entry("bad-grader", new String[] {"PromptSetInvalid", "'fuzzy' is unknown"}),
                Map.entry("bad-regex", new String[] {"PromptSetInvalid", "invalid regular expression"}),
                Map.entry("duplicate-ids", new String[] {"PromptSetInvalid", "q1 appears twice"}),
                Map.entry("missing-configmap", new String[] {"PromptSetInvalid", "ConfigMap nowhere does not exist"}),
                Map.entry("broken-jsonl", new String[] {"PromptSetInvalid", "line 2 is not JSON"}),
                Map.entry("k-too-large", new String[] {"TooManyClusters", "has only 24 prompts"}),
                Map.entry("unknown-strategy", new String[] {"InvalidSpec", "'round-robin' is unknown"}),
                Map.entry("negative-lambda", new String[] {"InvalidSpec", "costWeight must be"}),
                Map.entry("cascade-without-strategy", new String[] {"InvalidSpec", "set strategy: cascade"}),
                Map.entry("bad-clusters", new String[] {"InvalidSpec", "positive number or auto"}),
                Map.entry("no-promptset-ref", new String[] {"InvalidSpec", "promptSetRef is required"}),
                Map.entry("bad-selector", new String[] {"InvalidSpec", "'Near' is unknown"}),
                Map.entry("no-backends", new String[] {"NoBackends", "matches spec.backendSelector"}));
        refused.forEach((name, spec) -> assertThat(PolicyChecks.problem(spec)).as(name).hasValueSatisfying(p -> {
            assertThat(p[0]).as(name).isEqualTo(expected.get(name)[0]);
            assertThat(p[1]).as(name).contains(expected.get(name)[1]);
        }));
        viaPromptSet.forEach((policy, set) -> assertThatThrownBy(() -> new PromptSetResolver().resolve(refusedSets.get(set),
                cm -> client.configMaps().inNamespace(NS).withName(cm).get()))
                .as(policy).isInstanceOfSatisfying(PromptSetException.class, e -> {
                    assertThat(e.reason()).isEqualTo(expected.get(policy)[0]);
                    assertThat(e.getMessage()).contains(expected.get(policy)[1]);
                }));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> expected.forEach((name, want) -> {
            if (refused.containsKey(name) || viaPromptSet.containsKey(name)) {
                return;
            }
            Condition ready = condition(client.resources(RoutingPolicy.class).inNamespace(NS).withName(name).get()
                    .getStatus().conditions(), "Ready").orElseThrow();
            assertThat(ready.getStatus()).as(name).isEqualTo("False");
            assertThat(ready.getReason()).as(name).isEqualTo(want[0]);
            assertThat(ready.getMessage()).as(name).contains(want[1]);
        }));
        // the prompt sets say what is wrong with them too
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            assertThat(hasCondition(client.resources(PromptSet.class).inNamespace(NS).withName("bad-regex").get().getStatus().conditions(),
                    "Ready", "False", "PromptSetInvalid")).isTrue();
            assertThat(client.resources(PromptSet.class).inNamespace(NS).withName("good-prompts").get().getStatus().prompts()).isEqualTo(24);
        });

        // and the operator still does its work next to all of them
        client.resources(RoutingPolicy.class).inNamespace(NS).resource(Fixtures.policy("good", "good", "good-prompts", "3")).create();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(hasCondition(
                client.resources(RoutingPolicy.class).inNamespace(NS).withName("good").get().getStatus().conditions(),
                "Ready", "True", "Published")).isTrue());
        assertThat(client.configMaps().inNamespace(NS).withName("good-routing").get()).isNotNull();
        assertThat(client.configMaps().inNamespace(NS).withName("k-too-large-routing").get()).isNull();
    }

    /** Creates it; false when the server refuses it as invalid (422). */
    private static boolean created(Runnable create) {
        try {
            create.run();
            return true;
        } catch (KubernetesClientException e) {
            assertThat(e.getCode()).as(e.getMessage()).isEqualTo(422);
            return false;
        }
    }

    private static RoutingPolicySpec spec(String promptSet, String strategy, String clusters, double lambda, CascadeSpec cascade) {
        return new RoutingPolicySpec(new LabelSelectorBuilder().addToMatchLabels("uniroute.io/pool", "good").build(), promptSet,
                strategy, clusters, null, lambda, 42L, null, cascade, null);
    }

    private static RoutingPolicy policy(String name, RoutingPolicySpec spec) {
        RoutingPolicy p = new RoutingPolicy();
        p.setMetadata(new ObjectMetaBuilder().withName(name).build());
        p.setSpec(spec);
        return p;
    }

    private static PromptSet promptSet(String name, PromptSetSpec spec) {
        PromptSet ps = new PromptSet();
        ps.setMetadata(new ObjectMetaBuilder().withName(name).build());
        ps.setSpec(spec);
        return ps;
    }
}
