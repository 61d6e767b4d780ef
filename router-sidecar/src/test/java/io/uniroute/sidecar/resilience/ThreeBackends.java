package io.uniroute.sidecar.resilience;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.SidecarConfig;
import io.uniroute.sidecar.support.OpenAiTestBackend;
import io.uniroute.sidecar.support.SidecarFixture;
import io.uniroute.sidecar.support.TestEmbedder;
import io.uniroute.sidecar.support.TestTables;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Three real loopback backends behind one policy, ranked for a history prompt (λ = 0): best (error
 * 0), second (0.25), worst (0.75); fallback up to 3 attempts, a breaker of threshold 2.
 */
final class ThreeBackends implements AutoCloseable {

    static final String PROMPT = "Who was Charlemagne?";

    final OpenAiTestBackend best;
    final OpenAiTestBackend second;
    final OpenAiTestBackend worst;
    final SidecarFixture fx;

    private ThreeBackends(OpenAiTestBackend best, OpenAiTestBackend second, OpenAiTestBackend worst, SidecarFixture fx) {
        this.best = best;
        this.second = second;
        this.worst = worst;
        this.fx = fx;
    }

    static ThreeBackends start(Vertx vertx, Path dir, RoutingTable.Fallback fallback, SidecarConfig config,
            UnaryOperator<RoutingTable> edit) throws Exception {
        var best = OpenAiTestBackend.start(vertx, "best");
        var second = OpenAiTestBackend.start(vertx, "second");
        var worst = OpenAiTestBackend.start(vertx, "worst");
        RoutingTable table = new TestTables(TestEmbedder.get()).table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null,
                fallback, List.of(
                        new TestTables.Spec(worst, 0.75, 0.75, 0.0001),
                        new TestTables.Spec(best, 0.0, 0.0, 0.001),
                        new TestTables.Spec(second, 0.25, 0.25, 0.0005)));
        return new ThreeBackends(best, second, worst, SidecarFixture.start(vertx, dir, edit.apply(table), config, true));
    }

    static ThreeBackends start(Vertx vertx, Path dir) throws Exception {
        return start(vertx, dir, new RoutingTable.Fallback(3, 2, 60_000), SidecarConfig.defaults(), t -> t);
    }

    @Override
    public void close() throws Exception {
        fx.close();
        best.close();
        second.close();
        worst.close();
    }
}
