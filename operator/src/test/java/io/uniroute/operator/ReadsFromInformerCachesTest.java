package io.uniroute.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.api.RoutingPolicySpec;
import io.uniroute.operator.publishing.PolicyReconciler;
import io.uniroute.operator.testing.Fixtures;
import io.uniroute.operator.testing.LoopbackLlm;
import io.uniroute.operator.testing.OperatorHarness;
import io.uniroute.operator.testing.ScriptedAnswers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reconciles read backends, policies, prompt sets, profiles and tables from informer caches: after a
 * change that re-reconciles every backend and policy of a namespace and re-publishes a table, the
 * operator's client has sent writes and watches, and not one GET or LIST (its requests are recorded
 * by an interceptor on its own client; the test's requests go through another client).
 */
class ReadsFromInformerCachesTest {

    @RegisterExtension
    static final OperatorHarness k8s = new OperatorHarness(OperatorHarness.fastSettings());

    @Test
    void aRepublishReadsNothingFromTheApiServer() throws Exception {
        String ns = k8s.newNamespace("cached");
        KubernetesClient client = k8s.client();
        try (LoopbackLlm small = new LoopbackLlm().answering(ScriptedAnswers.of(Fixtures.examplePrompts("x"), id -> id.startsWith("arith")));
                LoopbackLlm large = new LoopbackLlm().answering(ScriptedAnswers.of(Fixtures.examplePrompts("x"), id -> true))) {
            client.resources(PromptSet.class).inNamespace(ns).resource(Fixtures.examplePrompts("prompts")).create();
            client.resources(RoutingPolicy.class).inNamespace(ns).resource(Fixtures.policy("p", "pool", "prompts", "3")).create();
            client.resources(LLMBackend.class).inNamespace(ns)
                    .resource(Fixtures.backend("small", "pool", Fixtures.spec(small.endpoint(), 4, "5s", 1, null))).create();
            client.resources(LLMBackend.class).inNamespace(ns)
                    .resource(Fixtures.backend("large", "pool", Fixtures.spec(large.endpoint(), 4, "5s", 1, null))).create();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(policy(ns).getStatus().routableBackends()).containsExactly("large", "small"));
            String before = policy(ns).getStatus().table().hash();

            k8s.drainOperatorRequests();
            // λ changes the table; the policy change re-reconciles both backends too
            KubernetesClient test = client;
            test.resources(RoutingPolicy.class).inNamespace(ns).withName("p").edit(p -> {
                RoutingPolicySpec s = p.getSpec();
                p.setSpec(new RoutingPolicySpec(s.backendSelector(), s.promptSetRef(), s.strategy(), s.clusters(), s.embedder(),
                        0.9, s.seed(), s.holdoutFraction(), s.cascade(), s.fallback()));
                return p;
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var cm = test.configMaps().inNamespace(ns).withName(PolicyReconciler.tableName("p")).get();
                assertThat(cm.getMetadata().getAnnotations().get(PolicyReconciler.HASH_ANNOTATION)).isNotEqualTo(before);
                assertThat(test.resources(RoutingPolicy.class).inNamespace(ns).withName("p").get().getStatus().table().hash())
                        .isNotEqualTo(before);
            });
            List<String> seen = k8s.drainOperatorRequests();
            List<String> reads = seen.stream()
                    .filter(r -> r.startsWith("GET ") && !r.contains("watch=true"))
                    .toList();
            assertThat(seen).as("the operator wrote the new table and status").isNotEmpty();
            assertThat(reads).as("GETs and LISTs the operator sent while re-publishing").isEmpty();
        }
    }

    private static RoutingPolicy policy(String ns) {
        return k8s.client().resources(RoutingPolicy.class).inNamespace(ns).withName("p").get();
    }
}
