package io.uniroute.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.k8stest.KubeApi;
import io.uniroute.k8stest.RealApiServer;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.PromptSetProfile;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.replay.ReplayServer;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The operator stops in the middle of profiling; a new one resumes from what the API server kept and pays for no prompt twice. */
@ExtendWith({RealApiServer.class, E2eReport.class})
class RestartE2eTest {

    @Test
    void anOperatorRestartMidProfilingLosesNoPaidForProgress(KubeApi api) {
        Crds.install(api.client());
        String ns = api.newNamespace("restart");
        Resources res = new Resources(api.client(), ns);
        ReplayPool pool = new ReplayPool(8);
        Embedder embedder = new MiniLmEmbedder();
        try (ReplayServer llms = pool.server(null).latency(ReplayPool.GEMMA, Duration.ofMillis(250)).start()) {
            var client = api.client();
            client.resources(PromptSet.class).inNamespace(ns).resource(pool.promptSet("prompts")).create();
            client.resources(RoutingPolicy.class).inNamespace(ns).resource(ReplayPool.policy("p", "slow", "prompts", "3")).create();
            LLMBackend slow = pool.backend("slow", llms.baseUrl(), ReplayPool.GEMMA, null, "slow");
            client.resources(LLMBackend.class).inNamespace(ns).resource(slow).create();

            PromptSetProfile saved;
            long askedBeforeRestart;
            try (OperatorRun first = OperatorRun.start(api, embedder, Set.of(ns))) {
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> res.profile("slow").completed() >= 4);
            }
            saved = res.profile("slow");
            askedBeforeRestart = llms.requestCount(ReplayPool.GEMMA);
            assertThat(saved.completed()).as("stopped in the middle").isBetween(4, pool.prompts.size() - 1);

            try (OperatorRun second = OperatorRun.start(api, embedder, Set.of(ns))) {
                await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> res.profiled("slow") && res.published("p"));
            }
            PromptSetProfile done = res.profile("slow");
            assertThat(done.completed()).isEqualTo(pool.prompts.size());
            assertThat(done.startedAt()).as("the same profile, resumed").isEqualTo(saved.startedAt());
            assertThat(llms.requestCount(ReplayPool.GEMMA) - askedBeforeRestart).as("only the prompts not yet saved are asked again")
                    .isEqualTo(pool.prompts.size() - saved.completed());
            assertThat(res.backend("slow").getStatus().accuracy()).isEqualTo(pool.recordedAccuracy(ReplayPool.GEMMA),
                    org.assertj.core.data.Offset.offset(1e-4));
        }
    }
}
