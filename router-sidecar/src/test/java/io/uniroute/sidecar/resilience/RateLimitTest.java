package io.uniroute.sidecar.resilience;

import static org.assertj.core.api.Assertions.assertThat;

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
    void whenEveryBackendIs429TheClientGets429WithTheSmallestRetryAfter(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir)) {
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

            // While all cool down, a request is answered 429 at once, nothing sent.
            var next = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
            assertThat(next.statusCode()).isEqualTo(429);
            assertThat(Integer.parseInt(next.getHeader("retry-after"))).isBetween(1, 7);
            assertThat(b.best.requests.size() + b.second.requests.size() + b.worst.requests.size()).isEqualTo(3);
        }
    }
}
