package io.uniroute.core.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderTest {

    private static Embedder embedder;

    @BeforeAll
    static void load() {
        embedder = new MiniLmEmbedder();
    }

    @Test
    void vectorsAreNormalisedAnd384Dimensional() {
        float[] v = embedder.embed("What is the capital of France?");
        assertThat(embedder.id()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(v).hasSize(384);
        assertThat(embedder.dimension()).isEqualTo(384);
        assertThat(Vectors.dot(v, v)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void similarSentencesAreCloserThanUnrelatedOnes() {
        List<float[]> v = embedder.embedAll(List.of(
                "What is the capital of France?",
                "Which city is France's capital?",
                "Write a Python function that reverses a linked list."));
        assertThat(Vectors.dot(v.get(0), v.get(1))).isGreaterThan(Vectors.dot(v.get(0), v.get(2)) + 0.2);
    }

    @Test
    void batchAndSingleAgreeAndBlankTextStillEmbeds() {
        float[] single = embedder.embed("solve 2 + 2");
        float[] batch = embedder.embedAll(List.of("solve 2 + 2", " ")).get(0);
        assertThat(Vectors.dot(single, batch)).isCloseTo(1.0, within(1e-4));
        assertThat(embedder.embed("")).hasSize(384);
    }
}
