package io.uniroute.core.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
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
        assertThat(embedder.id()).isEqualTo(MiniLmEmbedder.idFor(TextWindow.DEFAULT));
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

    /** The case: one application preamble in front of every prompt must not hide the question. */
    @Test
    void aLongSharedPreambleDoesNotHideTheQuestion() {
        String preamble = Preambles.twoThousandCharacters();
        assertThat(preamble.length()).isGreaterThanOrEqualTo(2_000);
        List<float[]> v = ((MiniLmEmbedder) embedder).withWindow(TextWindow.parse("tail-256")).embedAll(List.of(
                preamble + "\n\nQuestion: What is the boiling point of water at sea level in Celsius?",
                preamble + "\n\nQuestion: Write a haiku about autumn leaves falling on a quiet pond."));
        assertThat(Vectors.dot(v.get(0), v.get(1))).isLessThan(0.99);
    }

    @Test
    void theLegacyWindowIsWhatLangchain4jComputes() {
        MiniLmEmbedder legacy = ((MiniLmEmbedder) embedder).withWindow(TextWindow.LEGACY);
        assertThat(legacy.id()).isEqualTo("all-minilm-l6-v2-q");
        var reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
        for (String text : List.of("What is the capital of France?", Preambles.twoThousandCharacters() + " Why?")) {
            float[] theirs = Vectors.normalized(reference.embed(text).content().vector());
            assertThat(Vectors.dot(theirs, legacy.embed(text))).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void everyWindowEmbedsShortTextTheSameAndLongTextDifferently() {
        String question = "What is the capital of France?";
        String longText = Preambles.twoThousandCharacters() + "\n\n" + question;
        float[] head = ((MiniLmEmbedder) embedder).withWindow(TextWindow.parse("head-128")).embed(question);
        for (String name : TextWindow.CANDIDATES) {
            MiniLmEmbedder e = ((MiniLmEmbedder) embedder).withWindow(TextWindow.parse(name));
            assertThat(e.id()).contains(name.equals("head-128") ? "all-minilm-l6-v2-q" : name);
            assertThat(Vectors.dot(head, e.embed(question))).as(name).isCloseTo(1.0, within(1e-5));
            assertThat(Vectors.dot(e.embed(longText), e.embed(longText))).as(name).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void idsNameTheirWindowAndParseBack() {
        assertThat(MiniLmEmbedder.windowOf("all-minilm-l6-v2-q")).contains(TextWindow.LEGACY);
        assertThat(MiniLmEmbedder.windowOf("all-minilm-l6-v2-q/tail-256")).contains(TextWindow.parse("tail-256"));
        assertThat(MiniLmEmbedder.windowOf("all-minilm-l6-v2-q/tail-999")).isEmpty();
        assertThat(MiniLmEmbedder.windowOf("other-model")).isEmpty();
    }
}
