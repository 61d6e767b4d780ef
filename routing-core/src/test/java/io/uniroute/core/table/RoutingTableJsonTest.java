package io.uniroute.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTableJsonTest {

    private final RoutingTableJson json = new RoutingTableJson();

    static RoutingTable table(String mapType, List<RoutingTable.Backend> backends) {
        return new RoutingTable(RoutingTable.SCHEMA_VERSION, "support", "default", RoutingTable.STRATEGY_CLUSTER,
                new RoutingTable.EmbedderRef("all-minilm-l6-v2-q", 2),
                new RoutingTable.ClusterMapSpec(mapType, new float[][] {{1, 0}, {0, 1}}),
                backends, 0.3, null, new RoutingTable.Fallback(2, 5, 30_000), "2026-11-24T00:00:00Z");
    }

    static RoutingTable.Backend backend(String name, double[] psi, double normalizedCost) {
        return new RoutingTable.Backend(name, "http://" + name + ":8080/v1", name + "-model", psi, 0.001,
                normalizedCost, 0.7, new RoutingTable.ApiKeyRef("keys", name, null, "/var/run/uniroute/keys/" + name));
    }

    private final RoutingTable valid = table(RoutingTable.ClusterMapSpec.NEAREST_CENTROID, List.of(
            backend("small", new double[] {0.2, 0.8}, 0.1), backend("large", new double[] {0.1, 0.3}, 1.0)));

    @Test
    void roundTripKeepsEverythingThatRoutes() {
        RoutingTable back = json.read(json.write(valid));
        assertThat(back.policy()).isEqualTo("support");
        assertThat(back.embedder()).isEqualTo(valid.embedder());
        assertThat(back.clusterMap().vectors()).isDeepEqualTo(valid.clusterMap().vectors());
        assertThat(back.backends()).extracting(RoutingTable.Backend::name).containsExactly("small", "large");
        assertThat(back.backend("large").orElseThrow().psi()).containsExactly(0.1, 0.3);
        assertThat(back.backend("small").orElseThrow().apiKey().file()).isEqualTo("/var/run/uniroute/keys/small");
        assertThat(back.normalizedCosts()).containsExactly(0.1, 1.0);
        assertThat(back.estimator().estimateErrors(new float[] {0, 1})).containsExactly(0.8, 0.3);
        assertThat(json.hash(back)).isEqualTo(json.hash(valid));
    }

    @Test
    void theEmbedderSectionRoundTripsWithAndWithoutTemplateAndMode() {
        var template = io.uniroute.core.embedding.SharedTemplate.detect(List.of(
                "You are the assistant of a shop. Answer briefly, politely and never invent order numbers or prices. Q: a?",
                "You are the assistant of a shop. Answer briefly, politely and never invent order numbers or prices. Q: b?"));
        assertThat(template.isNone()).isFalse();
        RoutingTable withTemplate = withEmbedder(new RoutingTable.EmbedderRef("all-minilm-l6-v2-q", 2, "all-user",
                RoutingTable.TemplateRef.of(template)));
        String text = json.write(withTemplate);
        assertThat(text).contains("\"embedText\" : \"all-user\"", "\"prefixChars\" : " + template.prefixLength());
        RoutingTable back = json.read(text);
        assertThat(back.embedder()).isEqualTo(withTemplate.embedder());
        assertThat(back.embedder().sharedTemplate()).isEqualTo(template);
        assertThat(back.embedder().embedTextOrDefault()).isEqualTo("all-user");

        // without: the fields stay out of the JSON, and read back as no template and last-user
        String plain = json.write(valid);
        assertThat(plain).doesNotContain("template", "embedText");
        assertThat(json.read(plain).embedder().sharedTemplate()).isEqualTo(io.uniroute.core.embedding.SharedTemplate.NONE);
        assertThat(json.read(plain).embedder().embedTextOrDefault()).isEqualTo("last-user");
    }

    /** A table as the operator wrote it before embedText and template existed. */
    @Test
    void anOlderTableStillReads() {
        String old = """
                {"schemaVersion":1,"policy":"support","namespace":"default","strategy":"cluster",
                 "embedder":{"id":"all-minilm-l6-v2-q/tail-256","dimension":2},
                 "clusterMap":{"type":"nearest-centroid","vectors":[[1.0,0.0],[0.0,1.0]]},
                 "backends":[{"name":"a","endpoint":"http://a:8080/v1","model":"m","psi":[0.2,0.8],
                   "costPerQueryUsd":0.001,"normalizedCost":1.0,"accuracy":0.7}],
                 "costWeight":0.3}
                """;
        RoutingTable t = json.read(old);
        assertThat(t.embedder().id()).isEqualTo("all-minilm-l6-v2-q/tail-256");
        assertThat(t.embedder().embedTextOrDefault()).isEqualTo("last-user");
        assertThat(t.embedder().sharedTemplate().isNone()).isTrue();
    }

    @Test
    void rejectsABadEmbedTextOrTemplate() {
        assertThatThrownBy(() -> json.write(withEmbedder(new RoutingTable.EmbedderRef("all-minilm-l6-v2-q", 2, "system", null))))
                .isInstanceOf(InvalidRoutingTableException.class).hasMessageContaining("embedText");
        assertThatThrownBy(() -> json.write(withEmbedder(new RoutingTable.EmbedderRef("all-minilm-l6-v2-q", 2, null,
                new RoutingTable.TemplateRef(100, "not-a-hash", 0, "")))))
                .isInstanceOf(InvalidRoutingTableException.class).hasMessageContaining("embedder template");
    }

    private RoutingTable withEmbedder(RoutingTable.EmbedderRef e) {
        return new RoutingTable(valid.schemaVersion(), valid.policy(), valid.namespace(), valid.strategy(), e,
                valid.clusterMap(), valid.backends(), valid.costWeight(), null, valid.fallback(), valid.generatedAt());
    }

    @Test
    void softmaxTablesRoundTripToo() {
        RoutingTable t = table(RoutingTable.ClusterMapSpec.SOFTMAX, valid.backends());
        double[] w = json.read(json.write(t)).clusterMap().toClusterMap().membership(new float[] {1, 0});
        // softmax of (1, 0): e / (e + 1) and 1 / (e + 1)
        assertThat(w).containsExactly(new double[] {Math.E / (Math.E + 1), 1 / (Math.E + 1)},
                org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void hashChangesWithContent() {
        RoutingTable other = table(RoutingTable.ClusterMapSpec.NEAREST_CENTROID, List.of(
                backend("small", new double[] {0.2, 0.7}, 0.1), backend("large", new double[] {0.1, 0.3}, 1.0)));
        assertThat(json.hash(other)).isNotEqualTo(json.hash(valid));
    }

    @Test
    void rejectsAPsiOfTheWrongLength() {
        RoutingTable bad = table(RoutingTable.ClusterMapSpec.NEAREST_CENTROID, List.of(backend("a", new double[] {0.1}, 1)));
        assertThatThrownBy(() -> json.write(bad)).isInstanceOf(InvalidRoutingTableException.class)
                .hasMessageContaining("backend a has a Ψ of the wrong length");
    }

    @Test
    void rejectsOtherInvalidTables() {
        assertThatThrownBy(() -> json.read("{not json")).isInstanceOf(InvalidRoutingTableException.class)
                .hasMessageContaining("not valid JSON");
        String text = json.write(valid);
        assertThatThrownBy(() -> json.read(text.replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 9")))
                .isInstanceOf(InvalidRoutingTableException.class).hasMessageContaining("unsupported schemaVersion 9");
        assertThatThrownBy(() -> json.read(text.replace("nearest-centroid", "random")))
                .isInstanceOf(InvalidRoutingTableException.class).hasMessageContaining("unknown cluster map type");
        assertThatThrownBy(() -> json.write(table(RoutingTable.ClusterMapSpec.SOFTMAX,
                List.of(backend("a", new double[] {0.1, 0.2}, 1), backend("a", new double[] {0.1, 0.2}, 1)))))
                .isInstanceOf(InvalidRoutingTableException.class).hasMessageContaining("duplicate backend a");
        assertThatThrownBy(() -> json.write(table(RoutingTable.ClusterMapSpec.SOFTMAX,
                List.of(backend("a", new double[] {0.1, 1.2}, 1)))))
                .isInstanceOf(InvalidRoutingTableException.class).hasMessageContaining("outside [0, 1]");
    }
}
