package io.uniroute.core.embedding;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a prompt into a unit-length vector. Implementations are thread-safe. Every artefact
 * computed from embeddings carries {@link #id()} and {@link #dimension()}, so a table made with one
 * model is never scored with another.
 */
public interface Embedder {

    /** Stable identifier of the model and of the text it reads, e.g. {@code all-minilm-l6-v2-q/tail-256}. */
    String id();

    int dimension();

    /** The normalised embedding of one text. CPU-heavy: never call it on an event loop. */
    float[] embed(String text);

    /** Batch form; the default embeds one by one. */
    default List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(embed(t));
        }
        return out;
    }
}
