package io.uniroute.core.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.uniroute.core.clustering.KMeans;
import io.uniroute.core.clustering.NearestCentroidSearch;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The thread settings (issue 13) must not move a single embedding: each setting, used as the sidecar
 * uses it (8 threads at once, so adaptive settings run both their sessions) and alone, against a reference
 * written apart from MiniLmModel — the pre-issue-13 code: one sequence per run on a one-thread
 * session, the output copied out with getValue() and averaged — over 64 prompts of the shipped
 * llmrouter-mini set (15 to 996 characters, so the tail-256 window cuts the longest). Cosine
 * distance ≤ 1e-6 each, and the same nearest of 8 k-means centroids (the routing decision's Φ).
 * Batching the prompts into one padded run would fail it (distances up to 0.02, docs/performance.md).
 */
class MiniLmIdentityTest {

    private static final double MAX_COSINE_DISTANCE = 1e-6;

    private static List<String> prompts;
    private static List<float[]> reference;
    private static NearestCentroidSearch centroids;
    private static ExecutorService eight;

    @BeforeAll
    static void referenceEmbeddings() throws Exception {
        prompts = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = MiniLmIdentityTest.class.getResourceAsStream("/embedding/identity-prompts.jsonl");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                prompts.add(json.readTree(line).get("prompt").asText());
            }
        }
        reference = new ReferenceMiniLm().embedAll(prompts, TextWindow.DEFAULT);
        centroids = new NearestCentroidSearch(new KMeans(8, 7).fit(reference).centroids());
        eight = Executors.newFixedThreadPool(8);
    }

    @AfterAll
    static void stop() {
        eight.shutdownNow();
    }

    @Test
    void theSetIsLargeAndOfMixedLength() {
        assertThat(prompts).hasSizeGreaterThanOrEqualTo(50);
        assertThat(prompts).anyMatch(p -> p.length() < 40).anyMatch(p -> p.length() > 900);
        assertThat(reference.stream().mapToInt(centroids::nearest).distinct().count()).as("prompts spread over clusters")
                .isGreaterThan(3);
    }

    @Test
    void theDefaultThreadsUsedConcurrentlyGiveTheReferenceEmbeddings() throws Exception {
        assertSameAsReference(new MiniLmEmbedder(TextWindow.DEFAULT, OnnxThreads.defaults()), true);
    }

    @Test
    void twoThreadsWhenAloneUsedConcurrentlyGiveTheReferenceEmbeddings() throws Exception {
        // both sessions run: the wide one for whichever run starts alone, the narrow one beside it
        assertSameAsReference(new MiniLmEmbedder(TextWindow.DEFAULT, OnnxThreads.whenAlone(2)), true);
    }

    @Test
    void aLonePromptOnTwoThreadsGivesTheReferenceEmbedding() throws Exception {
        assertSameAsReference(new MiniLmEmbedder(TextWindow.DEFAULT, OnnxThreads.whenAlone(2)), false);
    }

    @Test
    void theRuntimeDefaultsOfBeforeGiveTheReferenceEmbeddings() throws Exception {
        assertSameAsReference(new MiniLmEmbedder(TextWindow.DEFAULT, OnnxThreads.runtimeDefaults()), true);
    }

    private static void assertSameAsReference(MiniLmEmbedder embedder, boolean concurrently) throws Exception {
        List<float[]> got = new ArrayList<>();
        if (concurrently) {
            List<Future<float[]>> futures = new ArrayList<>();
            for (String p : prompts) {
                futures.add(eight.submit(() -> embedder.embed(p)));
            }
            for (Future<float[]> f : futures) {
                got.add(f.get());
            }
        } else {
            for (String p : prompts) {
                got.add(embedder.embed(p));
            }
        }
        for (int i = 0; i < prompts.size(); i++) {
            float[] want = reference.get(i);
            assertThat(cosineDistance(want, got.get(i))).as("prompt %d (%d characters)", i, prompts.get(i).length())
                    .isLessThanOrEqualTo(MAX_COSINE_DISTANCE);
            assertThat(centroids.nearest(got.get(i))).as("nearest centroid of prompt %d", i)
                    .isEqualTo(centroids.nearest(want));
        }
    }

    static double cosineDistance(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return 1 - dot / Math.sqrt(na * nb);
    }

    /** MiniLM as the code before issue 13 ran it, kept apart from MiniLmModel on purpose, on one thread. */
    private static final class ReferenceMiniLm {

        List<float[]> embedAll(List<String> texts, TextWindow window) throws Exception {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            byte[] model;
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2-q.onnx")) {
                model = in.readAllBytes();
            }
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(
                            getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json"),
                            Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "false"));
                    OrtSession session = env.createSession(model, options)) {
                long[] special = tokenizer.encode("a", true, false).getIds();
                List<float[]> out = new ArrayList<>();
                for (String text : texts) {
                    long[] pieces = text.isBlank() ? new long[0] : tokenizer.encode(text, false, false).getIds();
                    List<long[]> windows = window.select(pieces);
                    assertThat(windows).hasSize(1);
                    long[] w = windows.get(0);
                    long[] ids = new long[w.length + 2];
                    ids[0] = special[0];
                    System.arraycopy(w, 0, ids, 1, w.length);
                    ids[ids.length - 1] = special[special.length - 1];
                    long[] mask = new long[ids.length];
                    Arrays.fill(mask, 1L);
                    try (OnnxTensor i = OnnxTensor.createTensor(env, new long[][] {ids});
                            OnnxTensor m = OnnxTensor.createTensor(env, new long[][] {mask});
                            OnnxTensor t = OnnxTensor.createTensor(env, new long[][] {new long[ids.length]});
                            OrtSession.Result result = session.run(Map.of("input_ids", i, "attention_mask", m, "token_type_ids", t))) {
                        float[][] states = ((float[][][]) result.get(0).getValue())[0];
                        float[] mean = new float[MiniLmModel.DIMENSION];
                        for (float[] s : states) {
                            for (int j = 0; j < mean.length; j++) {
                                mean[j] += s[j];
                            }
                        }
                        for (int j = 0; j < mean.length; j++) {
                            mean[j] /= states.length;
                        }
                        out.add(Vectors.normalized(mean));
                    }
                }
                return out;
            }
        }
    }
}
