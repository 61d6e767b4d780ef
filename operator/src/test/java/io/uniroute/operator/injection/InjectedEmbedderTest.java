package io.uniroute.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.core.table.RoutingTableJson;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.api.RoutingPolicySpec;
import io.uniroute.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a real API server: the injected sidecar runs with the embedder and embed-text its policy's
 * tables are made with — from the published table, or before the first one from the policy's
 * {@code spec.embedder} — so it does not refuse every table of a policy with a non-default window.
 */
class InjectedEmbedderTest {

    @RegisterExtension
    static final OperatorHarness k8s = new OperatorHarness(OperatorHarness.fastSettings());

    @Test
    void theSidecarGetsThePolicysEmbedderFromItsSpecThenFromItsTable() {
        KubernetesClient client = k8s.client();
        k8s.newNamespace("inject-embedder");
        RoutingPolicy policy = new RoutingPolicy();
        policy.getMetadata().setName("wide");
        policy.setSpec(new RoutingPolicySpec(null, "no-such-prompts", "cluster", "4", "all-minilm-l6-v2-q/tail-512",
                null, null, null, null, null));
        client.resources(RoutingPolicy.class).inNamespace("inject-embedder").resource(policy).create();
        RoutingTableApiKeys lookup = new RoutingTableApiKeys(client);
        SidecarInjector injector = new SidecarInjector(SidecarDefaults.defaults());

        // no table yet (its prompt set does not exist): the policy's spec names the embedder
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(lookup.embedding("inject-embedder", "wide"))
                .isEqualTo(new SidecarEmbedding("all-minilm-l6-v2-q/tail-512", null)));
        Map<String, String> env = sidecarEnv(injector, lookup.embedding("inject-embedder", "wide"));
        assertThat(env).containsEntry("UNIROUTE_EMBEDDER", "all-minilm-l6-v2-q/tail-512").doesNotContainKey("UNIROUTE_EMBED_TEXT");

        // a published table names both; an older table without embedText means last-user
        String table = new RoutingTableJson().write(new RoutingTable(RoutingTable.SCHEMA_VERSION, "wide", "inject-embedder",
                RoutingTable.STRATEGY_CLUSTER, new RoutingTable.EmbedderRef("all-minilm-l6-v2-q/head-128", 2, "all-user", null),
                new RoutingTable.ClusterMapSpec(RoutingTable.ClusterMapSpec.NEAREST_CENTROID, new float[][] {{1f, 0f}, {0f, 1f}}),
                List.of(new RoutingTable.Backend("local", "http://vllm.models:8000/v1", "llama", new double[] {0.5, 0.6},
                        0.0, 0.0, 0.45, null)), 0.5, null, null, null));
        client.configMaps().inNamespace("inject-embedder").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("wide-routing").endMetadata().addToData("routing.json", table).build()).create();
        assertThat(lookup.embedding("inject-embedder", "wide"))
                .isEqualTo(new SidecarEmbedding("all-minilm-l6-v2-q/head-128", "all-user"));
        assertThat(sidecarEnv(injector, lookup.embedding("inject-embedder", "wide")))
                .containsEntry("UNIROUTE_EMBEDDER", "all-minilm-l6-v2-q/head-128").containsEntry("UNIROUTE_EMBED_TEXT", "all-user");

        // a policy without spec.embedder and without a table: the sidecar keeps its defaults
        assertThat(lookup.embedding("inject-embedder", "absent")).isEqualTo(SidecarEmbedding.DEFAULTS);
        assertThat(sidecarEnv(injector, SidecarEmbedding.DEFAULTS)).doesNotContainKeys("UNIROUTE_EMBEDDER", "UNIROUTE_EMBED_TEXT");
    }

    private static Map<String, String> sidecarEnv(SidecarInjector injector, SidecarEmbedding embedding) {
        Pod pod = PodPatches.injectablePod("wide").build();
        var patch = (InjectionDecision.Patch) injector.decide(pod, "inject-embedder", List.of(), embedding);
        Container sidecar = PodPatches.apply(pod, patch.operations()).getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(SidecarInjector.CONTAINER_NAME)).findFirst().orElseThrow();
        return sidecar.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }
}
