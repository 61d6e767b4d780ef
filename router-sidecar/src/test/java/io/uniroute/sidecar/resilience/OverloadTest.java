package io.uniroute.sidecar.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.SidecarConfig;
import io.uniroute.sidecar.support.CountingEmbedder;
import io.uniroute.sidecar.support.OpenAiTestBackend;
import io.uniroute.sidecar.support.SidecarFixture;
import io.uniroute.sidecar.support.TestEmbedder;
import io.uniroute.sidecar.support.TestTables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * More new prompts at once than one embedding worker can serve within the bound: the overflow is
 * routed by the policy's prompt-independent choice and marked, not queued; identical prompts in
 * flight are embedded once.
 */
@ExtendWith(VertxExtension.class)
class OverloadTest {

    @TempDir
    Path dir;

    private static SidecarConfig oneWorker(String maxWaitMillis) {
        // Flags, as an operator would give them.
        return SidecarConfig.parse(new String[] {"--host", "127.0.0.1", "--port", "0", "--embed-workers", "1",
                "--embed-max-wait-ms", maxWaitMillis}, Map.of());
    }

    private static List<HttpResponse<Buffer>> burst(SidecarFixture fx, List<String> prompts) throws Exception {
        List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
        for (String p : prompts) {
            all.add(fx.client.post(fx.sidecar.port(), "127.0.0.1", "/v1/chat/completions")
                    .sendBuffer(SidecarFixture.chat("qa", p).toBuffer()));
        }
        SidecarFixture.await(Future.all(all));
        return all.stream().map(Future::result).toList();
    }

    @Test
    void promptsThatWouldWaitTooLongAreRoutedWithoutTheirEmbedding(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir, new RoutingTable.Fallback(3, 5, 30_000), oneWorker("1"),
                t -> t)) {
            List<String> prompts = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                prompts.add("Which dynasty ruled China in the year " + (1000 + i * 37) + "?");
            }
            List<HttpResponse<Buffer>> answers = burst(b.fx, prompts);
            assertThat(answers).allMatch(r -> r.statusCode() == 200);
            long unembedded = answers.stream().filter(r -> "none".equals(r.getHeader("x-uniroute-cluster"))).count();
            assertThat(unembedded).as("one worker, 1 ms of allowed wait, 24 new prompts at once").isPositive();
            // the prompt-independent choice: lowest overall error (1 - accuracy) + λ·cost, λ = 0 → best
            answers.stream().filter(r -> "none".equals(r.getHeader("x-uniroute-cluster")))
                    .forEach(r -> assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("best"));
            assertThat(b.fx.get("/metrics").bodyAsString())
                    .contains("uniroute_sidecar_unembedded_total{policy=\"qa\",reason=\"overload\"} " + unembedded + ".0");
        }
    }

    @Test
    void identicalPromptsInFlightAreEmbeddedOnce(Vertx vertx) throws Exception {
        var a = OpenAiTestBackend.start(vertx, "a");
        var c = OpenAiTestBackend.start(vertx, "c");
        CountingEmbedder counting = new CountingEmbedder(TestEmbedder.get());
        RoutingTable table = new TestTables(TestEmbedder.get()).table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null, null,
                List.of(new TestTables.Spec(a, 0, 0, 0.001), new TestTables.Spec(c, 0.5, 0.5, 0.001)));
        try (SidecarFixture fx = SidecarFixture.start(vertx, dir, table,
                SidecarConfig.parse(new String[] {"--host", "127.0.0.1", "--port", "0", "--embed-workers", "2",
                        "--embed-max-wait-ms", "10000"}, Map.of()), true, counting)) {
            String prompt = "Which treaty ended the Thirty Years' War, and in which year was it signed?";
            List<HttpResponse<Buffer>> answers = burst(fx, java.util.Collections.nCopies(16, prompt));
            assertThat(answers).allMatch(r -> r.statusCode() == 200);
            assertThat(answers).allMatch(r -> !"none".equals(r.getHeader("x-uniroute-cluster")));
            assertThat(counting.calls(prompt)).isEqualTo(1);
        } finally {
            a.close();
            c.close();
        }
    }
}
