package io.uniroute.core.embedding;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The default embedder: all-MiniLM-L6-v2, quantized, run in-process with ONNX Runtime. The model
 * ships inside its jar, so nothing is downloaded at run time.
 */
public final class MiniLmEmbedder implements Embedder {

    public static final String ID = "all-minilm-l6-v2-q";
    private static final int DIMENSION = 384;

    private final EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[] embed(String text) {
        return Vectors.normalized(model.embed(nonEmpty(text)).content().vector());
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(t -> TextSegment.from(nonEmpty(t))).toList();
        List<float[]> out = new ArrayList<>(texts.size());
        model.embedAll(segments).content().forEach(e -> out.add(Vectors.normalized(e.vector())));
        return out;
    }

    // TextSegment refuses blank text; an empty prompt still gets a (meaningless but valid) vector.
    private static String nonEmpty(String text) {
        return text == null || text.isBlank() ? " ." : text;
    }
}
