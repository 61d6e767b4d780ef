package io.uniroute.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.k8stest.KubeApi;
import io.uniroute.k8stest.RealApiServer;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.replay.ReplayServer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two operator replicas with leader election on one Lease: only the leader profiles; the leader is
 * killed (cut off the API: it neither renews nor releases the Lease); the other takes the Lease once
 * it expires and carries on.
 */
@ExtendWith({RealApiServer.class, E2eReport.class})
class LeaderElectionE2eTest {

    static final String LEASE = "uniroute-operator";

    @Test
    void theOtherReplicaTakesOverWhenTheLeaderIsKilled(KubeApi api) {
        Crds.install(api.client());
        String ns = api.newNamespace("leader");
        Resources res = new Resources(api.client(), ns);
        ReplayPool pool = new ReplayPool(8);
        Embedder embedder = new MiniLmEmbedder();
        var client = api.client();
        try (ReplayServer llms = pool.server(null).start()) {
            Map<String, OperatorRun> replicas = Map.of(
                    "replica-a", OperatorRun.start(api, embedder, Set.of(ns), election(ns, "replica-a")),
                    "replica-b", OperatorRun.start(api, embedder, Set.of(ns), election(ns, "replica-b")));
            try {
                String leader = await().atMost(Duration.ofSeconds(30)).until(() -> holder(api, ns), h -> h != null && replicas.containsKey(h));
                String other = leader.equals("replica-a") ? "replica-b" : "replica-a";

                client.resources(PromptSet.class).inNamespace(ns).resource(pool.promptSet("prompts")).create();
                client.resources(RoutingPolicy.class).inNamespace(ns).resource(ReplayPool.policy("p", "le", "prompts", "3")).create();
                client.resources(LLMBackend.class).inNamespace(ns).resource(pool.backend("gemma", llms.baseUrl(), ReplayPool.GEMMA, null, "le")).create();
                await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> res.profiled("gemma") && res.published("p"));
                assertThat(llms.requestCount(ReplayPool.GEMMA)).as("one replica profiled, not two").isEqualTo(pool.prompts.size());

                replicas.get(leader).cutOff();
                await().atMost(Duration.ofSeconds(60)).until(() -> other.equals(holder(api, ns)));

                client.resources(LLMBackend.class).inNamespace(ns).resource(pool.backend("qwen", llms.baseUrl(), ReplayPool.QWEN, null, "le")).create();
                await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(res.profiled("qwen")).isTrue();
                    assertThat(res.policy("p").getStatus().routableBackends()).containsExactly("gemma", "qwen");
                });
                assertThat(holder(api, ns)).isEqualTo(other);
            } finally {
                replicas.values().forEach(r -> {
                    try {
                        r.close();
                    } catch (RuntimeException e) {
                        // the killed replica's client is already closed
                    }
                });
            }
        }
    }

    /** Short lease times so a takeover is seen in seconds; never exit the JVM on losing the Lease (the product does). */
    private static LeaderElectionConfiguration election(String ns, String identity) {
        return new LeaderElectionConfiguration(LEASE, ns, Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofMillis(500),
                identity, null, false);
    }

    private static String holder(KubeApi api, String ns) {
        Lease lease = api.client().leases().inNamespace(ns).withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }
}
