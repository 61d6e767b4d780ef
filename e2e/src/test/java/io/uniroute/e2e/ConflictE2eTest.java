package io.uniroute.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.k8stest.KubeApi;
import io.uniroute.k8stest.RealApiServer;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.replay.ReplayServer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Someone else writes the backend while the operator profiles it, so the operator's copy is stale
 * (an older resourceVersion). The server refuses a stale write with 409, and so it refuses the
 * operator's status apply, which JOSDK sends with the resourceVersion it read (optimistic locking):
 * JOSDK retries each on a fresh copy, and the operator ends with every prompt profiled exactly once.
 */
@ExtendWith({RealApiServer.class, E2eReport.class})
class ConflictE2eTest {

    @Test
    void aStaleResourceVersionConflictIsRetried(KubeApi api) throws Exception {
        Crds.install(api.client());
        String ns = api.newNamespace("conflict");
        Resources res = new Resources(api.client(), ns);
        ReplayPool pool = new ReplayPool(8);
        var client = api.client();
        try (LogTee log = new LogTee();
                ReplayServer llms = pool.server(null).latency(ReplayPool.GEMMA, Duration.ofMillis(150)).start();
                OperatorRun operator = OperatorRun.start(api, new MiniLmEmbedder(), Set.of(ns))) {
            client.resources(PromptSet.class).inNamespace(ns).resource(pool.promptSet("prompts")).create();
            client.resources(RoutingPolicy.class).inNamespace(ns).resource(ReplayPool.policy("p", "c", "prompts", "3")).create();
            LLMBackend created = client.resources(LLMBackend.class).inNamespace(ns)
                    .resource(pool.backend("busy", llms.baseUrl(), ReplayPool.GEMMA, null, "c")).create();

            // the server enforces optimistic concurrency: a write with an old resourceVersion is refused
            // (this edit itself may meet the operator's first status writes: a 409, tried again on a fresh copy)
            await().atMost(Duration.ofSeconds(30)).ignoreException(KubernetesClientException.class).until(() -> {
                client.resources(LLMBackend.class).inNamespace(ns).withName("busy").edit(b -> {
                    b.getMetadata().getAnnotations().put("e2e/touch", "0");
                    return b;
                });
                return true;
            });
            assertThatThrownBy(() -> client.resources(LLMBackend.class).inNamespace(ns).resource(created).update())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

            // another writer keeps bumping the resourceVersion while the operator writes progress
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger edits = new AtomicInteger();
            Thread writer = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        client.resources(LLMBackend.class).inNamespace(ns).withName("busy").edit(b -> {
                            b.getMetadata().getAnnotations().put("e2e/touch", Integer.toString(edits.incrementAndGet()));
                            return b;
                        });
                    } catch (KubernetesClientException e) {
                        // our own conflict with the operator: try again
                    }
                }
            }, "e2e-concurrent-writer");
            writer.start();
            try {
                await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> res.profiled("busy") && res.published("p"));
            } finally {
                stop.set(true);
                writer.join();
            }
            assertThat(edits.get()).as("concurrent writes happened").isGreaterThan(10);
            assertThat(res.profile("busy").completed()).isEqualTo(pool.prompts.size());
            assertThat(llms.requestCount(ReplayPool.GEMMA)).as("no prompt paid for twice").isEqualTo(pool.prompts.size());
            assertThat(res.backend("busy").getStatus().accuracy()).isEqualTo(pool.recordedAccuracy(ReplayPool.GEMMA),
                    org.assertj.core.data.Offset.offset(1e-4));
            // JOSDK's PrimaryUpdateAndCacheUtils logs (at debug) each 409 it retries on a fresh copy
            assertThat(log.count("Retrying patch for resource name: busy")).as("stale-resourceVersion conflicts met and retried")
                    .isPositive();
            assertThat(log.count("Retry exhausted")).isZero();
        }
    }
}
