package io.uniroute.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.core.clustering.KMeans;
import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.dataset.PromptRecord;
import io.uniroute.core.routing.FeatureVectors;
import io.uniroute.core.routing.NearestCentroidMap;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.replay.ReplayServer;
import io.uniroute.replay.datasets.BundledDatasets;
import io.uniroute.sidecar.support.SidecarFixture;
import io.uniroute.sidecar.support.TestEmbedder;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the replay simulation (real models' recorded results, simulated logprobs): a
 * cascade from a cheap to a stronger model stops where the cheap model's recorded answer is right
 * and escalates where it is wrong, judged by nothing but the answer's token logprobs.
 */
@ExtendWith(VertxExtension.class)
class ReplayCascadeTest {

    private static final String CHEAP = "gemma-2-9b-it";
    private static final String STRONG = "llama-3.1-nemotron-51b-instruct";

    @TempDir
    Path dir;

    @Test
    void escalatesExactlyWhereTheCheapModelWasWrong(Vertx vertx) throws Exception {
        Dataset mini = BundledDatasets.llmrouterMini();
        List<PromptRecord> prompts = mini.prompts().stream().filter(p -> p.prompt().length() < 400).toList();
        List<PromptRecord> profiling = prompts.subList(0, 60);
        List<PromptRecord> traffic = prompts.subList(60, 76);

        var embedder = TestEmbedder.get();
        List<float[]> emb = embedder.embedAll(profiling.stream().map(PromptRecord::prompt).toList());
        float[][] centroids = new KMeans(3, 42).fit(emb).centroids();
        var map = new NearestCentroidMap(centroids);
        List<RoutingTable.Backend> backends = new ArrayList<>();
        try (ReplayServer replay = ReplayServer.builder(mini).models(List.of(CHEAP, STRONG)).start()) {
            for (String model : List.of(CHEAP, STRONG)) {
                double[] errors = profiling.stream().mapToDouble(p -> p.error(model)).toArray();
                double cost = model.equals(CHEAP) ? 0.0001 : 0.0009;
                backends.add(new RoutingTable.Backend(model.equals(CHEAP) ? "cheap" : "strong", replay.baseUrl().toString(),
                        model, FeatureVectors.psi(map, emb, errors), cost, cost / 0.0009, 0.5, null));
            }
            var table = new RoutingTable(RoutingTable.SCHEMA_VERSION, "cascade", "default", RoutingTable.STRATEGY_CASCADE,
                    new RoutingTable.EmbedderRef(embedder.id(), embedder.dimension()),
                    new RoutingTable.ClusterMapSpec(RoutingTable.ClusterMapSpec.NEAREST_CENTROID, centroids), backends, 0,
                    new RoutingTable.Cascade(List.of("cheap", "strong"), 1.0, -0.5, 2), null, "test");
            try (SidecarFixture fx = SidecarFixture.start(vertx, dir, table)) {
                int escalated = 0;
                for (PromptRecord p : traffic) {
                    var r = fx.post("/v1/chat/completions", SidecarFixture.chat("cascade", p.prompt()));
                    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
                    boolean cheapRight = p.scores().get(CHEAP) >= 0.5;
                    assertThat(r.getHeader("x-uniroute-cascade-stages")).as(p.id())
                            .isEqualTo(cheapRight ? "cheap" : "cheap,strong");
                    escalated += cheapRight ? 0 : 1;
                }
                assertThat(escalated).as("the sample has both cases").isBetween(1, traffic.size() - 1);
                assertThat(replay.requestCount(STRONG)).isEqualTo(escalated);
            }
        }
    }
}
