package io.uniroute.core.embedding;

import java.util.List;
import java.util.Optional;

/**
 * The default embedder: all-MiniLM-L6-v2, quantized, run in-process with ONNX Runtime (model and
 * tokenizer ship inside langchain4j's jar, so nothing is downloaded at run time). We tokenize
 * ourselves, without the bundled tokenizer's cut at the first 128 word pieces, and feed the model
 * the {@link TextWindow} of pieces this embedder is named for; the vector is the mean of the token
 * states (as sentence-transformers trained it), normalised.
 */
public final class MiniLmEmbedder implements Embedder {

    /** The model; with the legacy window ({@code head-128}) it is also the embedder's whole id. */
    public static final String MODEL = "all-minilm-l6-v2-q";

    private final MiniLmModel model;
    private final TextWindow window;
    private final String id;

    /** With the default window. Loads the model (about a second). */
    public MiniLmEmbedder() {
        this(TextWindow.DEFAULT);
    }

    /** With the default {@link OnnxThreads}. Loads the model (about a second). */
    public MiniLmEmbedder(TextWindow window) {
        this(window, OnnxThreads.defaults());
    }

    /** Threads change the time of an embedding, never its value. Loads the model (about a second). */
    public MiniLmEmbedder(TextWindow window, OnnxThreads threads) {
        this(new MiniLmModel(threads), window);
    }

    private MiniLmEmbedder(MiniLmModel model, TextWindow window) {
        this.model = model;
        this.window = window;
        this.id = idFor(window);
    }

    /** The same model with another window; cheap (the model is shared). */
    public MiniLmEmbedder withWindow(TextWindow other) {
        return other.equals(window) ? this : new MiniLmEmbedder(model, other);
    }

    /** The embedder id for a window: {@code all-minilm-l6-v2-q} for the legacy window, else {@code all-minilm-l6-v2-q/<window>}. */
    public static String idFor(TextWindow window) {
        return window.equals(TextWindow.LEGACY) ? MODEL : MODEL + "/" + window.name();
    }

    /**
     * The window a MiniLM embedder id names: {@code all-minilm-l6-v2-q} (the legacy window) or
     * {@code all-minilm-l6-v2-q/<window>}; empty for any other id.
     */
    public static Optional<TextWindow> windowOf(String embedderId) {
        if (MODEL.equals(embedderId)) {
            return Optional.of(TextWindow.LEGACY);
        }
        if (embedderId == null || !embedderId.startsWith(MODEL + "/")) {
            return Optional.empty();
        }
        try {
            return Optional.of(TextWindow.parse(embedderId.substring(MODEL.length() + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public TextWindow window() {
        return window;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return MiniLmModel.DIMENSION;
    }

    @Override
    public float[] embed(String text) {
        List<long[]> windows = window.select(model.wordPieces(text));
        float[] sum = new float[MiniLmModel.DIMENSION];
        for (long[] w : windows) {
            float[] v = model.meanTokenState(w);
            // pool: longer windows weigh more; a single window is just itself
            for (int j = 0; j < sum.length; j++) {
                sum[j] += v[j] * Math.max(1, w.length);
            }
        }
        return Vectors.normalized(sum);
    }
}
