package io.uniroute.sidecar.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.SidecarConfig;
import io.uniroute.sidecar.support.SidecarFixture;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A 429 is routed around; its Retry-After keeps the backend out; only when all are exhausted is it the answer. */
@ExtendWith(VertxExtension.class)
class RateLimitTest {

    @TempDir
    Path dir;

    @Test
    void a429FallsBackAndTheBackendCoolsDownForItsRetryAfter(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir)) {
            b.best.failStatus = 429;
            b.best.retryAfter = "30";
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("second");

            // Cooling down for 30 s: the next request does not even try it.
            var again = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
            assertThat(again.getHeader("x-uniroute-backend")).isEqualTo("second");
            assertThat(b.best.requests).hasSize(1);
            assertThat(b.fx.get("/metrics").bodyAsString())
                    .contains("uniroute_sidecar_fallbacks_total{from=\"best\",reason=\"rate_limited\"} 1.0")
                    .doesNotContain("uniroute_sidecar_circuit_open{backend=\"best\"} 1.0"); // busy is not broken
        }
    }

    @Test
    void aBackendCoolingDownIsTheLastResortWhenEveryOtherFails(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir)) {
            b.best.failStatus = 429;
            b.best.retryAfter = "30";
            assertThat(b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT))
                    .getHeader("x-uniroute-backend")).isEqualTo("second");
            b.best.failStatus = 0; // it would answer now, but asked for 30 s
            b.second.failStatus = 500;
            b.worst.failStatus = 503;
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("best");
            assertThat(b.second.requests).hasSize(2);
            assertThat(b.worst.requests).as("tried before the backend cooling down").hasSize(1);
        }
    }

    @Test
    void whenEveryBackendIs429TheClientGets429WithTheSmallestRetryAfter(Vertx vertx) throws Exception {
        // maxAttempts 1: a 429 is not an attempt, so all three are still tried
        try (ThreeBackends b = ThreeBackends.start(vertx, dir, new RoutingTable.Fallback(1, 5, 60_000),
                SidecarConfig.defaults(), t -> t)) {
            b.best.failStatus = 429;
            b.best.retryAfter = "20";
            b.second.failStatus = 429;
            b.second.retryAfter = "7";
            b.worst.failStatus = 429;
            b.worst.retryAfter = "Wed, 21 Oct 2099 07:28:00 GMT"; // an HTTP date, far off (capped at an hour)
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.getHeader("retry-after")).isEqualTo("7");
            assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("rate_limit_exceeded");
            assertThat(b.best.requests).hasSize(1);
            assertThat(b.second.requests).hasSize(1);
            assertThat(b.worst.requests).as("429s do not use up maxAttempts: all three were tried").hasSize(1);

            // While all cool down, each is still a last resort: tried again, and 429 again.
            var next = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
            assertThat(next.statusCode()).isEqualTo(429);
            assertThat(Integer.parseInt(next.getHeader("retry-after"))).isBetween(1, 7);
        }
    }
}
