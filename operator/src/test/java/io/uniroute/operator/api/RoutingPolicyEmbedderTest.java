package io.uniroute.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which embedder a policy's tables are made with, for policies applied before and after text windows. */
class RoutingPolicyEmbedderTest {

    private static RoutingPolicySpec withEmbedder(String embedder) {
        return new RoutingPolicySpec(null, "prompts", "cluster", "4", embedder, null, null, null, null, null);
    }

    @Test
    void unsetAndThePreWindowDefaultBothMeanTodaysDefault() {
        assertThat(withEmbedder(null).embedderOrDefault()).isEqualTo("all-minilm-l6-v2-q/tail-256");
        // every policy applied before windows carries the old CRD default: it must not pin the first-128 cut
        assertThat(withEmbedder("all-minilm-l6-v2-q").embedderOrDefault()).isEqualTo("all-minilm-l6-v2-q/tail-256");
    }

    @Test
    void aNamedWindowIsKept() {
        assertThat(withEmbedder("all-minilm-l6-v2-q/head-128").embedderOrDefault()).isEqualTo("all-minilm-l6-v2-q/head-128");
        assertThat(withEmbedder("all-minilm-l6-v2-q/tail-512").embedderOrDefault()).isEqualTo("all-minilm-l6-v2-q/tail-512");
    }
}
