package io.uniroute.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.core.embedding.TextWindow;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.support.OpenAiTestBackend;
import io.uniroute.sidecar.support.SidecarFixture;
import io.uniroute.sidecar.support.TestEmbedder;
import io.uniroute.sidecar.support.TestTables;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table made with another text window (here: an old table, made with the first 128 word pieces)
 * lives in another vector space: the sidecar refuses it with its own metric and keeps serving the
 * last good table.
 */
@ExtendWith(VertxExtension.class)
class TableEmbedderCheckTest {

    @TempDir
    Path dir;
    OpenAiTestBackend a;
    SidecarFixture fx;

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
        a.close();
    }

    @Test
    void aTableMadeWithAnotherWindowIsRefusedAndTheLastGoodOneServes(Vertx vertx) throws Exception {
        assertThat(TestEmbedder.get().id()).isEqualTo(MiniLmEmbedder.idFor(TextWindow.DEFAULT)).isNotEqualTo(MiniLmEmbedder.MODEL);
        a = OpenAiTestBackend.start(vertx, "a");
        var table = new TestTables(TestEmbedder.get()).table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null, null,
                List.of(new TestTables.Spec(a, 0.0, 0.0, 0.001)));
        fx = SidecarFixture.start(vertx, dir, table);
        String version = fx.sidecar.tables().snapshot().policy("qa").orElseThrow().hash();

        String old = Files.readString(fx.tableFile).replace("\"" + TestEmbedder.get().id() + "\"", "\"" + MiniLmEmbedder.MODEL + "\"");
        assertThat(old).contains("\"" + MiniLmEmbedder.MODEL + "\"");
        Files.writeString(fx.tableFile, old);

        await().atMost(Duration.ofSeconds(10)).until(() -> fx.get("/metrics").bodyAsString()
                .contains("uniroute_sidecar_table_updates_total{result=\"rejected-embedder\",source=\"file:"));
        assertThat(fx.sidecar.tables().snapshot().policy("qa").orElseThrow().hash()).isEqualTo(version);
        assertThat(fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "What is 2 + 2?")).statusCode()).isEqualTo(200);
    }
}
