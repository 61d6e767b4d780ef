package io.uniroute.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.support.OpenAiTestBackend;
import io.uniroute.sidecar.support.SidecarFixture;
import io.uniroute.sidecar.support.TestEmbedder;
import io.uniroute.sidecar.support.TestTables;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Routing follows Ψ and λ; the λ header overrides; pinning; model rewrite and API key. */
@ExtendWith(VertxExtension.class)
class RoutingTest {

    @TempDir
    Path dir;
    OpenAiTestBackend small;
    OpenAiTestBackend large;
    TestTables tables;
    SidecarFixture fx;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        small = OpenAiTestBackend.start(vertx, "small");
        large = OpenAiTestBackend.start(vertx, "large");
        tables = new TestTables(TestEmbedder.get());
        Files.writeString(dir.resolve("large-key"), "sk-large-secret\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (fx != null) {
            fx.close();
        }
        small.close();
        large.close();
    }

    /** small: cheap, poor at arithmetic (50% wrong), good at history; large: 10× the price, 0% wrong. */
    private RoutingTable table(double lambda) {
        return tables.table("qa", RoutingTable.STRATEGY_CLUSTER, lambda, null, null, List.of(
                new TestTables.Spec(small, 0.5, 0.125, 0.0001),
                new TestTables.Spec(large, 0.0, 0.0, 0.001, new RoutingTable.ApiKeyRef("llm-keys", "large", null, "large-key"))));
    }

    @Test
    void atLambdaZeroTheAccurateBackendWinsAndAtHighLambdaTheCheapGoodEnoughOne(Vertx vertx) throws Exception {
        fx = SidecarFixture.start(vertx, dir, table(0.0), io.uniroute.sidecar.SidecarConfig.defaults()
                .withKeys(dir, Map.of()), true);

        var math = fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "What is 23 times 19?"));
        assertThat(math.statusCode()).isEqualTo(200);
        assertThat(math.getHeader("x-uniroute-backend")).isEqualTo("large");
        assertThat(math.getHeader("x-uniroute-policy")).isEqualTo("qa");
        assertThat(math.getHeader("x-uniroute-cluster")).isEqualTo(String.valueOf(tables.mathCluster()));
        assertThat(Double.parseDouble(math.getHeader("x-uniroute-estimated-error"))).isEqualTo(0.0);
        assertThat(math.bodyAsJsonObject().getJsonArray("choices").getJsonObject(0)
                .getJsonObject("message").getString("content")).isEqualTo("answer from large");
        // the model is rewritten to the backend's, the key added from the mounted file
        assertThat(large.requests.get(0).getString("model")).isEqualTo("large-model");
        assertThat(large.authorizations.get(0)).isEqualTo("Bearer sk-large-secret");

        var history = fx.post("/v1/chat/completions", SidecarFixture.chat("auto", "Who was the first emperor of Rome?"));
        assertThat(history.getHeader("x-uniroute-backend")).isEqualTo("large");

        // λ = 1: small costs 0.1 (normalised), large 1.0. History: 0.125 + 0.1 < 0 + 1 → small.
        // Arithmetic: 0.5 + 0.1 < 1.0 → small as well: cheap and good enough at this price of error.
        var cheap = fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "Who was the first emperor of Rome?"),
                Map.of("x-uniroute-cost-weight", "1"));
        assertThat(cheap.getHeader("x-uniroute-backend")).isEqualTo("small");
        assertThat(small.requests.get(0).getString("model")).isEqualTo("small-model");
        assertThat(small.authorizations.get(0)).isEmpty();
    }

    @Test
    void theLambdaHeaderChangesTheChoiceBetweenClusters(Vertx vertx) throws Exception {
        fx = SidecarFixture.start(vertx, dir, table(0.3), io.uniroute.sidecar.SidecarConfig.defaults(), true);
        // table λ = 0.3: history → small (0.125 + 0.03 < 0.3); arithmetic → large (0.5 + 0.03 > 0.3)
        assertThat(fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "In which year did the French Revolution begin?"))
                .getHeader("x-uniroute-backend")).isEqualTo("small");
        assertThat(fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "What is 345 divided by 15?"))
                .getHeader("x-uniroute-backend")).isEqualTo("large");
        // λ = 0 in the header: history goes to the accurate backend too
        assertThat(fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "In which year did the French Revolution begin?"),
                Map.of("x-uniroute-cost-weight", "0")).getHeader("x-uniroute-backend")).isEqualTo("large");
        // λ = 2: arithmetic goes to the cheap one
        assertThat(fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "What is 345 divided by 15?"),
                Map.of("x-uniroute-cost-weight", "2")).getHeader("x-uniroute-backend")).isEqualTo("small");
    }

    @Test
    void aBackendNameAsModelPinsTheRequest(Vertx vertx) throws Exception {
        fx = SidecarFixture.start(vertx, dir, table(0.0), io.uniroute.sidecar.SidecarConfig.defaults(), true);
        var r = fx.post("/v1/chat/completions", SidecarFixture.chat("small", "What is 23 times 19?"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("small");
        assertThat(r.getHeader("x-uniroute-policy")).isEqualTo("pinned");
        assertThat(small.requests).hasSize(1);
        assertThat(small.requests.get(0).getString("model")).isEqualTo("small-model");
        assertThat(large.requests).isEmpty();
    }

    @Test
    void completionsAreRoutedByTheirPrompt(Vertx vertx) throws Exception {
        fx = SidecarFixture.start(vertx, dir, table(0.3), io.uniroute.sidecar.SidecarConfig.defaults(), true);
        var r = fx.post("/v1/completions", new JsonObject().put("model", "qa").put("prompt", "What is 345 divided by 15?"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("x-uniroute-backend")).isEqualTo("large");
        assertThat(r.bodyAsJsonObject().getJsonArray("choices").getJsonObject(0).getString("text"))
                .isEqualTo("answer from large");
    }

    @Test
    void modelsListsPoliciesThenBackends(Vertx vertx) throws Exception {
        fx = SidecarFixture.start(vertx, dir, table(0.3), io.uniroute.sidecar.SidecarConfig.defaults(), true);
        var r = fx.get("/v1/models");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getJsonArray("data").stream().map(m -> ((JsonObject) m).getString("id")))
                .containsExactly("qa", "small", "large");
    }
}
