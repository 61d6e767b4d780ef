package io.uniroute.operator;

import static io.uniroute.operator.testing.Waits.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.uniroute.core.clustering.KMeans;
import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.core.embedding.TextWindow;
import io.uniroute.core.hashing.Sha256;
import io.uniroute.core.routing.KSelection;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.core.table.RoutingTableJson;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LLMBackendSpec;
import io.uniroute.operator.api.PromptItem;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.PromptSetSpec;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.api.RoutingPolicySpec;
import io.uniroute.operator.publishing.PolicyReconciler;
import io.uniroute.operator.testing.Examples;
import io.uniroute.operator.testing.LoopbackLlm;
import io.uniroute.operator.testing.OperatorHarness;
import io.uniroute.operator.testing.ScriptedAnswers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example prompt set with one application preamble before and one block of output rules after
 * every prompt: the operator finds that template, embeds the prompts without it (the published
 * centroids are those of the bare prompts) and publishes it in the table for the sidecars.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TemplatedPromptSetTest {

    @RegisterExtension
    static final OperatorHarness k8s = new OperatorHarness(OperatorHarness.fastSettings());

    static final String NS = "templated";
    static final String PREAMBLE = repeat("You are the assistant of the Brightwater learning platform. Answer the student's"
            + " question accurately and briefly, show the key steps of any calculation, never invent facts, and say so"
            + " plainly when you do not know. ", 2_000);
    static final String SUFFIX = repeat("Output rules: first line 'Answer: ' and the answer, then at most three short"
            + " sentences of explanation in plain Markdown; end with a blank line. ", 1_500);
    static LoopbackLlm model;
    static PromptSet plain;
    static PromptSet templated;

    @BeforeAll
    static void start() throws Exception {
        plain = Examples.one("promptset.yaml", PromptSet.class);
        templated = Examples.one("promptset.yaml", PromptSet.class);
        templated.setSpec(new PromptSetSpec(plain.getSpec().defaultGrader(), plain.getSpec().prompts().stream()
                .map(p -> new PromptItem(p.id(), PREAMBLE + "\n\n" + p.prompt() + "\n\n" + SUFFIX, null, p.reference(),
                        p.grader(), p.graderParameter()))
                .toList(), null));
        model = new LoopbackLlm().answering(ScriptedAnswers.of(templated, id -> id.startsWith("arith")));
        k8s.newNamespace(NS);
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    @Test
    @Order(1)
    void theTemplateIsStrippedBeforeEmbeddingAndPublished() {
        var client = k8s.client();
        LLMBackend small = Examples.load("llmbackends.yaml", LLMBackend.class).stream()
                .filter(b -> b.getMetadata().getName().equals("small")).findFirst().orElseThrow();
        LLMBackendSpec s = small.getSpec();
        small.setSpec(new LLMBackendSpec(model.endpoint(), s.model(), s.apiKeySecretRef(), s.cost(), s.maxConcurrency(),
                s.timeout(), s.maxRetries(), s.maxTokens()));
        client.resources(LLMBackend.class).inNamespace(NS).resource(small).create();
        client.resources(PromptSet.class).inNamespace(NS).resource(templated).create();
        RoutingPolicy policy = Examples.one("routingpolicy.yaml", RoutingPolicy.class);
        client.resources(RoutingPolicy.class).inNamespace(NS).resource(policy).create();

        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            RoutingPolicy p = client.resources(RoutingPolicy.class).inNamespace(NS).withName("demo").get();
            assertThat(hasCondition(p.getStatus().conditions(), "Ready", "True", "Published")).as("%s", p.getStatus()).isTrue();
        });
        RoutingPolicy p = client.resources(RoutingPolicy.class).inNamespace(NS).withName("demo").get();
        assertThat(p.getStatus().conditions()).anySatisfy(c -> assertThat(c.getMessage())
                .contains("shared prompt template stripped before embedding: prefix " + (PREAMBLE.length() + 2)
                        + " chars, suffix " + (SUFFIX.length() + 2) + " chars"));

        String json = client.configMaps().inNamespace(NS).withName("demo-routing").get().getData().get(PolicyReconciler.TABLE_KEY);
        RoutingTable table = new RoutingTableJson().read(json);
        RoutingTable.TemplateRef template = table.embedder().template();
        assertThat(template).isNotNull();
        assertThat(template.prefixChars()).isEqualTo(PREAMBLE.length() + 2);
        assertThat(template.prefixSha256()).isEqualTo(Sha256.hex(PREAMBLE + "\n\n"));
        assertThat(template.suffixChars()).isEqualTo(SUFFIX.length() + 2);
        assertThat(template.suffixSha256()).isEqualTo(Sha256.hex("\n\n" + SUFFIX));
        assertThat(table.embedder().embedText()).isEqualTo("last-user");

        // the centroids are those of the bare prompts (k-means with the policy's K and seed on their embeddings)
        List<float[]> bare = new MiniLmEmbedder(TextWindow.DEFAULT).embedAll(
                plain.getSpec().prompts().stream().map(PromptItem::prompt).toList());
        float[][] expected = new KMeans(4, policy.getSpec().seedOrDefault(), KSelection.KMEANS_ITERATIONS).fit(bare).centroids();
        float[][] published = table.clusterMap().vectors();
        assertThat(published).hasNumberOfRows(4);
        for (int c = 0; c < 4; c++) {
            for (int d = 0; d < published[c].length; d++) {
                assertThat(published[c][d]).as("centroid %d dim %d", c, d)
                        .isCloseTo(expected[c][d], org.assertj.core.data.Offset.offset(2e-3f));
            }
        }
    }

    /**
     * An upgrade: a learned-map table published before template stripping (θ fitted on the whole
     * prompts, no template in the table) is not read back as the frozen θ — its space is another —
     * but fitted again on the stripped prompts.
     */
    @Test
    @Order(2)
    void aThetaPublishedWithoutTheTemplateIsFittedAgain() {
        var client = k8s.client();
        RoutingPolicy learned = Examples.one("routingpolicy.yaml", RoutingPolicy.class);
        learned.getMetadata().setName("learned");
        var s = learned.getSpec();
        learned.setSpec(new RoutingPolicySpec(s.backendSelector(), s.promptSetRef(), RoutingTable.STRATEGY_LEARNED_MAP,
                s.clusters(), s.embedder(), s.costWeight(), s.seed(), s.holdoutFraction(), s.cascade(), s.fallback()));
        client.resources(RoutingPolicy.class).inNamespace(NS).resource(learned).create();
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> table("learned").embedder().template() != null);
        RoutingTable fitted = table("learned");
        float[][] theta = fitted.clusterMap().vectors();

        // as an older operator would have left it: no template, and θ of another space (here: halved)
        float[][] other = new float[theta.length][];
        for (int c = 0; c < theta.length; c++) {
            other[c] = theta[c].clone();
            for (int d = 0; d < other[c].length; d++) {
                other[c][d] *= 0.5f;
            }
        }
        RoutingTable old = new RoutingTable(fitted.schemaVersion(), fitted.policy(), fitted.namespace(), fitted.strategy(),
                new RoutingTable.EmbedderRef(fitted.embedder().id(), fitted.embedder().dimension()),
                new RoutingTable.ClusterMapSpec(fitted.clusterMap().type(), other), fitted.backends(), fitted.costWeight(),
                fitted.cascade(), fitted.fallback(), fitted.generatedAt());
        client.configMaps().inNamespace(NS).withName("learned-routing")
                .edit(cm -> { cm.getData().put(PolicyReconciler.TABLE_KEY, new RoutingTableJson().write(old)); return cm; });

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            RoutingTable republished = table("learned");
            assertThat(republished.embedder().template()).isNotNull();
            assertThat(republished.clusterMap().vectors()).isDeepEqualTo(theta); // fitted again, not the halved θ read back
        });
    }

    private static RoutingTable table(String policy) {
        return new RoutingTableJson().read(k8s.client().configMaps().inNamespace(NS).withName(policy + "-routing").get()
                .getData().get(PolicyReconciler.TABLE_KEY));
    }

    private static String repeat(String block, int atLeast) {
        StringBuilder s = new StringBuilder();
        while (s.length() < atLeast) {
            s.append(block);
        }
        return s.toString().strip();
    }
}
