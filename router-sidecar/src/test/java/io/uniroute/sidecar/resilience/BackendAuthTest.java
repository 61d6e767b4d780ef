package io.uniroute.sidecar.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.sidecar.support.SidecarFixture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend refusing the router's own key (401, 403, 407) is a backend failure, not the client's
 * answer: the next backend is tried, and when none answered the client gets the router's 502
 * {@code backend_auth_failed}, never the backend's status, text (OpenAI's quotes the key's last
 * characters) or its authentication headers. A 4xx about the request itself is still relayed.
 */
@ExtendWith(VertxExtension.class)
class BackendAuthTest {

    /** What OpenAI answers for a wrong key: it names the key's last characters. */
    private static final String OPENAI_401 = new JsonObject().put("error", new JsonObject()
            .put("message", "Incorrect API key provided: sk-proj-****************WXYZ. You can find your API key at ...")
            .put("type", "invalid_request_error").put("code", "invalid_api_key")).encode();

    @TempDir
    Path dir;

    @Test
    void aRefusedKeyFallsBackToTheNextBackend(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir)) {
            b.best.failStatus = 401;
            b.best.failBody = OPENAI_401;
            b.best.extraHeaders.put("www-authenticate", "Bearer realm=\"OpenAI\"");
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("second");
            assertThat(r.getHeader("www-authenticate")).isNull();
            assertThat(b.best.requests).hasSize(1);
            assertThat(b.fx.get("/metrics").bodyAsString())
                    .contains("uniroute_sidecar_backend_auth_failures_total{backend=\"best\",status=\"401\"} 1.0")
                    .contains("uniroute_sidecar_fallbacks_total{from=\"best\",reason=\"backend_auth\"} 1.0");
        }
    }

    @Test
    void whenEveryBackendRefusesItsKeyTheClientGetsTheRoutersOwn502(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir)) {
            b.best.failStatus = 401;
            b.second.failStatus = 403;
            b.worst.failStatus = 407;
            for (var backend : java.util.List.of(b.best, b.second, b.worst)) {
                backend.failBody = OPENAI_401;
                backend.extraHeaders.put("www-authenticate", "Bearer realm=\"OpenAI\"");
                backend.extraHeaders.put("proxy-authenticate", "Basic realm=\"egress\"");
            }
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
            assertThat(r.statusCode()).isEqualTo(502);
            JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("backend_auth_failed");
            assertThat(error.getString("message")).contains("best (status 401").contains("second (status 403")
                    .contains("worst (status 407");
            assertThat(r.bodyAsString()).doesNotContain("WXYZ").doesNotContain("Incorrect API key")
                    .doesNotContain("invalid_api_key");
            assertThat(r.getHeader("www-authenticate")).isNull();
            assertThat(r.getHeader("proxy-authenticate")).isNull();
            // each tried once: a refused key is not sporadic, asking again would be refused again
            assertThat(b.best.requests).hasSize(1);
            assertThat(b.second.requests).hasSize(1);
            assertThat(b.worst.requests).hasSize(1);
            assertThat(b.fx.get("/metrics").bodyAsString())
                    .contains("uniroute_sidecar_backend_auth_failures_total{backend=\"second\",status=\"403\"} 1.0")
                    .contains("uniroute_sidecar_backend_auth_failures_total{backend=\"worst\",status=\"407\"} 1.0")
                    .doesNotContain("WXYZ");
        }
    }

    @Test
    void aPinnedBackendRefusingItsKeyIsA502WithNoFallback(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir)) {
            b.best.failStatus = 403;
            b.best.failBody = OPENAI_401;
            var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("best", ThreeBackends.PROMPT));
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("backend_auth_failed");
            assertThat(r.bodyAsString()).doesNotContain("WXYZ");
            assertThat(b.best.requests).hasSize(1);
            assertThat(b.second.requests).isEmpty();
            assertThat(b.worst.requests).isEmpty();
        }
    }

    @Test
    void aBackendsOther4xxAboutTheRequestIsStillRelayed(Vertx vertx) throws Exception {
        try (ThreeBackends b = ThreeBackends.start(vertx, dir)) {
            String tooLong = new JsonObject().put("error", new JsonObject()
                    .put("message", "This model's maximum context length is 8192 tokens").put("code", "context_length_exceeded"))
                    .encode();
            for (int status : new int[] {400, 404, 422}) {
                b.best.failStatus = status;
                b.best.failBody = tooLong;
                var r = b.fx.post("/v1/chat/completions", SidecarFixture.chat("qa", ThreeBackends.PROMPT));
                assertThat(r.statusCode()).as("status %d", status).isEqualTo(status);
                assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("context_length_exceeded");
                assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("best");
            }
            assertThat(b.second.requests).isEmpty();
        }
    }
}
