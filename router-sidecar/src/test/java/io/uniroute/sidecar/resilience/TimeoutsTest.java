package io.uniroute.sidecar.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.SidecarConfig;
import io.uniroute.sidecar.support.SidecarFixture;
import io.uniroute.sidecar.support.TestTables;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hanging backend is left after its time-to-first-byte limit (the table's timeoutMillis), well
 * before the idle timeout; x-uniroute-timeout-ms bounds all attempts together.
 */
@ExtendWith(VertxExtension.class)
class TimeoutsTest {

    @TempDir
    Path dir;

    @Test
    void aBackendSilentPastItsTimeoutFallsBackBeforeTheIdleTimeout(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir, new RoutingTable.Fallback(3, 2, 60_000),
                SidecarConfig.defaults(), t -> TestTables.withTimeout(t, "best", 300))) {
            b.best.delayMillis = 20_000; // the fixture's idle timeout is 5 s
            long start = System.nanoTime();
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("second");
            assertThat(millis).as("left after 300 ms, not the 5 s idle timeout").isLessThan(3_000);
            assertThat(b.fx.get("/metrics").bodyAsString())
                    .contains("uniroute_sidecar_fallbacks_total{from=\"best\",reason=\"first_byte_timeout\"} 1.0");
        }
    }

    @Test
    void theRequestDeadlineBoundsAllAttemptsTogether(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir)) {
            b.best.delayMillis = 20_000;
            b.second.delayMillis = 20_000;
            b.worst.delayMillis = 20_000;
            long start = System.nanoTime();
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT),
                    Map.of("x-uniroute-timeout-ms", "600"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.statusCode()).isEqualTo(504);
            assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("deadline_exceeded");
            assertThat(millis).as("600 ms for everything, not the 5 s idle timeout per attempt").isLessThan(3_000);
        }
    }

    @Test
    void aBadDeadlineIsRejected(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir)) {
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT),
                    Map.of("x-uniroute-timeout-ms", "soon"));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("x-uniroute-timeout-ms");
        }
    }
}
