package io.uniroute.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.uniroute.core.embedding.SharedTemplate;
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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table whose prompts were embedded without their shared template (a long application preamble
 * and trailing output rules): the sidecar strips the same template from each request, so a
 * templated request goes to the cluster of its bare question; and a table embedded from other text
 * of the conversation ({@code embedText}) than this sidecar's {@code --embed-text} is refused.
 */
@ExtendWith(VertxExtension.class)
class TemplatedRequestTest {

    static final String PREAMBLE = repeat("You are the assistant of the Brightwater learning platform. Answer the student's"
            + " question accurately and briefly, show the key steps of any calculation, never invent facts, and say so"
            + " plainly when you do not know. ", 2_000);
    static final String SUFFIX = repeat("Output rules: first line 'Answer: ' and the answer, then at most three short"
            + " sentences of explanation in plain Markdown; end with a blank line. ", 1_500);

    @TempDir
    Path dir;
    OpenAiTestBackend small;
    OpenAiTestBackend large;
    SidecarFixture fx;

    @AfterEach
    void tearDown() throws Exception {
        if (fx != null) {
            fx.close();
        }
        small.close();
        large.close();
    }

    private RoutingTable table(TestTables tables, String embedText, SharedTemplate template) {
        RoutingTable t = tables.table("qa", RoutingTable.STRATEGY_CLUSTER, 0.3, null, null, List.of(
                new TestTables.Spec(small, 0.5, 0.125, 0.0001), new TestTables.Spec(large, 0.0, 0.0, 0.001)));
        return new RoutingTable(t.schemaVersion(), t.policy(), t.namespace(), t.strategy(),
                new RoutingTable.EmbedderRef(t.embedder().id(), t.embedder().dimension(), embedText,
                        RoutingTable.TemplateRef.of(template)),
                t.clusterMap(), t.backends(), t.costWeight(), t.cascade(), t.fallback(), t.generatedAt());
    }

    @Test
    void aTemplatedRequestGoesToTheClusterOfItsBareQuestion(Vertx vertx) throws Exception {
        small = OpenAiTestBackend.start(vertx, "small");
        large = OpenAiTestBackend.start(vertx, "large");
        TestTables tables = new TestTables(TestEmbedder.get());
        // the template as the operator finds it in the table's (templated) prompts
        SharedTemplate template = SharedTemplate.detect(List.of(templated(TestTables.MATH.get(0)), templated(TestTables.HISTORY.get(0))));
        assertThat(template.prefixLength()).isEqualTo(PREAMBLE.length() + 2);
        fx = SidecarFixture.start(vertx, dir, table(tables, "last-user", template));

        String math = "What is 23 times 19?";
        String history = "In which year did the French Revolution begin?";
        for (String q : List.of(math, history)) {
            var bare = fx.post("/v1/chat/completions", SidecarFixture.chat("qa", q));
            var withTemplate = fx.post("/v1/chat/completions", SidecarFixture.chat("qa", templated(q)));
            assertThat(withTemplate.statusCode()).as(withTemplate.bodyAsString()).isEqualTo(200);
            assertThat(withTemplate.getHeader("x-uniroute-cluster")).as(q).isEqualTo(bare.getHeader("x-uniroute-cluster"));
            assertThat(withTemplate.getHeader("x-uniroute-backend")).as(q).isEqualTo(bare.getHeader("x-uniroute-backend"));
        }
        assertThat(fx.post("/v1/chat/completions", SidecarFixture.chat("qa", templated(math))).getHeader("x-uniroute-cluster"))
                .isEqualTo(String.valueOf(tables.mathCluster()));
        assertThat(fx.post("/v1/chat/completions", SidecarFixture.chat("qa", templated(history))).getHeader("x-uniroute-cluster"))
                .isEqualTo(String.valueOf(1 - tables.mathCluster()));
        // the backend gets the request as the client sent it: only what is embedded is stripped
        List<String> sent = new java.util.ArrayList<>();
        for (var r : List.of(small.requests, large.requests).stream().flatMap(List::stream).toList()) {
            var messages = r.getJsonArray("messages");
            sent.add(messages.getJsonObject(messages.size() - 1).getString("content"));
        }
        assertThat(sent).contains(templated(history), templated(math)).doesNotContain(history + "\n\n" + SUFFIX);
    }

    @Test
    void aTableEmbeddedFromOtherTextIsRefusedAndTheLastGoodOneServes(Vertx vertx) throws Exception {
        small = OpenAiTestBackend.start(vertx, "small");
        large = OpenAiTestBackend.start(vertx, "large");
        TestTables tables = new TestTables(TestEmbedder.get());
        fx = SidecarFixture.start(vertx, dir, table(tables, null, SharedTemplate.NONE)); // an older table: last-user
        String version = fx.sidecar.tables().snapshot().policy("qa").orElseThrow().hash();

        TestTables.write(fx.tableFile, table(tables, "all-user", SharedTemplate.NONE));
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.get("/metrics").bodyAsString()
                .contains("uniroute_sidecar_table_updates_total{result=\"rejected-embed-text\",source=\"file:"));
        assertThat(fx.sidecar.tables().snapshot().policy("qa").orElseThrow().hash()).isEqualTo(version);
        assertThat(fx.post("/v1/chat/completions", SidecarFixture.chat("qa", "What is 2 + 2?")).statusCode()).isEqualTo(200);
        fx.close();
        fx = null;

        // a sidecar run with --embed-text all-user takes it
        Path other = Files.createDirectories(dir.resolve("all-user"));
        fx = SidecarFixture.start(vertx, other, table(tables, "all-user", SharedTemplate.NONE),
                SidecarConfig.parse(new String[] {"--embed-text", "all-user"}, Map.of()), true);
        assertThat(fx.sidecar.tables().snapshot().policy("qa")).isPresent();
    }

    static String templated(String question) {
        return PREAMBLE + "\n\n" + question + "\n\n" + SUFFIX;
    }

    private static String repeat(String block, int atLeast) {
        StringBuilder s = new StringBuilder();
        while (s.length() < atLeast) {
            s.append(block);
        }
        return s.toString().strip();
    }
}
