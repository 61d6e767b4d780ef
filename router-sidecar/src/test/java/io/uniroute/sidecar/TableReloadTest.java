package io.uniroute.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.support.OpenAiTestBackend;
import io.uniroute.sidecar.support.SidecarFixture;
import io.uniroute.sidecar.support.TestEmbedder;
import io.uniroute.sidecar.support.TestTables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A table update mid-traffic drops no request; an invalid table is rejected and the last good one serves. */
@ExtendWith(VertxExtension.class)
class TableReloadTest {

    @TempDir
    Path dir;
    OpenAiTestBackend a;
    OpenAiTestBackend b;
    SidecarFixture fx;

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
        a.close();
        b.close();
    }

    @Test
    void anUpdateMidTrafficDropsNoRequestAndAnInvalidOneIsRejected(Vertx vertx) throws Exception {
        a = OpenAiTestBackend.start(vertx, "a");
        b = OpenAiTestBackend.start(vertx, "b");
        a.delayMillis = 20; // requests in flight while the table changes
        b.delayMillis = 20;
        var tables = new TestTables(TestEmbedder.get());
        var toA = tables.table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null, null, List.of(
                new TestTables.Spec(a, 0.0, 0.0, 0.001), new TestTables.Spec(b, 0.5, 0.5, 0.001)));
        var toB = tables.table("qa", RoutingTable.STRATEGY_CLUSTER, 0, null, null, List.of(
                new TestTables.Spec(a, 0.5, 0.5, 0.001), new TestTables.Spec(b, 0.0, 0.0, 0.001)));
        fx = SidecarFixture.start(vertx, dir, toA);

        List<Future<HttpResponse<Buffer>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            inFlight.add(fx.client.post(fx.sidecar.port(), "127.0.0.1", "/v1/chat/completions")
                    .sendBuffer(SidecarFixture.chat("qa", "Who was Cleopatra? " + i).toBuffer()));
            if (i == 10) {
                TestTables.write(fx.tableFile, toB);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.sidecar.tables().snapshot().policy("qa")
                .map(t -> t.backend(0).psi()[0] == 0.5).orElse(false));
        for (int i = 0; i < 20; i++) {
            inFlight.add(fx.client.post(fx.sidecar.port(), "127.0.0.1", "/v1/chat/completions")
                    .sendBuffer(SidecarFixture.chat("qa", "Who was Cleopatra? again " + i).toBuffer()));
        }
        List<HttpResponse<Buffer>> all = new ArrayList<>();
        for (var f : inFlight) {
            all.add(SidecarFixture.await(f));
        }
        assertThat(all).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(all.get(all.size() - 1).getHeader("x-uniroute-backend")).isEqualTo("b");
        assertThat(a.requests.size() + b.requests.size()).isEqualTo(60);

        // an invalid table (Ψ of the wrong length) is rejected; b keeps being chosen
        String version = fx.sidecar.tables().snapshot().policy("qa").orElseThrow().hash();
        Files.writeString(fx.tableFile, Files.readString(fx.tableFile).replaceFirst("\"psi\" : \\[", "\"psi\" : [ 0.1,"));
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.get("/metrics").bodyAsString()
                .contains("uniroute_sidecar_table_updates_total{result=\"rejected\""));
        assertThat(fx.sidecar.tables().snapshot().policy("qa").orElseThrow().hash()).isEqualTo(version);
        assertThat(fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "Who was Cleopatra?"))
                .getHeader("x-uniroute-backend")).isEqualTo("b");
    }
}
