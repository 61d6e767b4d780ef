package io.uniroute.sidecar.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.sidecar.support.SidecarFixture;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** x-request-id end to end; the chosen backend's rate-limit headers returned; hop-by-hop headers dropped both ways. */
@ExtendWith(VertxExtension.class)
class HeadersTest {

    @TempDir
    Path dir;

    @Test
    void theClientsRequestIdGoesUpstreamAndComesBack(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir)) {
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT),
                    Map.of("x-request-id", "req-42"));
            assertThat(r.getHeader("x-request-id")).isEqualTo("req-42");
            assertThat(b.best.headers.get(0).get("x-request-id")).isEqualTo("req-42");
        }
    }

    @Test
    void aRequestIdIsMadeWhenTheClientSendsNone(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir)) {
            b.best.failStatus = 500; // the same id on every attempt
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
            String id = r.getHeader("x-request-id");
            assertThat(id).isNotBlank();
            assertThat(b.best.headers.get(0).get("x-request-id")).isEqualTo(id);
            assertThat(b.second.headers.get(0).get("x-request-id")).isEqualTo(id);
            var other = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
            assertThat(other.getHeader("x-request-id")).isNotEqualTo(id);
        }
    }

    @Test
    void theChosenBackendsRateLimitHeadersReachTheClient(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir)) {
            b.best.extraHeaders.put("x-ratelimit-remaining-requests", "99");
            b.best.extraHeaders.put("x-ratelimit-reset-tokens", "6m0s");
            b.best.extraHeaders.put("retry-after", "2");
            b.best.extraHeaders.put("proxy-authenticate", "Basic realm=backend");
            b.best.extraHeaders.put("keep-alive", "timeout=99");
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
            assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("best");
            assertThat(r.getHeader("x-ratelimit-remaining-requests")).isEqualTo("99");
            assertThat(r.getHeader("x-ratelimit-reset-tokens")).isEqualTo("6m0s");
            assertThat(r.getHeader("retry-after")).isEqualTo("2");
            assertThat(r.getHeader("proxy-authenticate")).as("hop-by-hop").isNull();
            assertThat(r.getHeader("keep-alive")).as("hop-by-hop").isNull();
        }
    }

    @Test
    void hopByHopHeadersOfTheClientDoNotReachTheBackend(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir)) {
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT), Map.of(
                    "te", "trailers", "proxy-authorization", "Basic c2VjcmV0", "connection", "keep-alive, x-private",
                    "x-private", "for the next hop only", "authorization", "Bearer client-key", "x-team", "search"));
            assertThat(r.statusCode()).isEqualTo(200);
            var seen = b.best.headers.get(0);
            assertThat(seen.get("te")).isNull();
            assertThat(seen.get("proxy-authorization")).isNull();
            assertThat(seen.get("x-private")).as("named by Connection").isNull();
            assertThat(seen.get("authorization")).as("each backend gets its own key, never the client's").isNull();
            assertThat(seen.get("x-team")).as("end-to-end headers pass").isEqualTo("search");
        }
    }
}
