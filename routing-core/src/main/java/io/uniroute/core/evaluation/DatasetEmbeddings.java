package io.uniroute.core.evaluation;

import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.embedding.EmbeddingDiskCache;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The embedding of every prompt text of a dataset, in order, read from the on-disk cache
 * when these texts were embedded with this embedder before, else computed in batches with progress.
 */
public final class DatasetEmbeddings {

    private static final int BATCH = 32;

    private DatasetEmbeddings() {
    }

    /**
     * The embeddings of {@code texts}, cached on disk under the hash of the texts themselves: a
     * templated dataset with its template stripped reads the plain dataset's file.
     */
    public static List<float[]> of(List<String> texts, Embedder embedder, EmbeddingDiskCache cache, PrintStream progress) {
        return cache.getOrCompute(textsHash(texts), embedder, texts.size(), () -> embed(texts, embedder, progress));
    }

    static String textsHash(List<String> texts) {
        MessageDigest md = newSha256();
        for (String t : texts) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            md.update(ByteBuffer.allocate(4).putInt(b.length).array()); // length-prefixed: no two lists collide by joining
            md.update(b);
        }
        return "texts-" + HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static List<float[]> embed(List<String> texts, Embedder embedder, PrintStream progress) {
        List<float[]> out = new ArrayList<>(texts.size());
        long start = System.nanoTime();
        for (int from = 0; from < texts.size(); from += BATCH) {
            int to = Math.min(texts.size(), from + BATCH);
            out.addAll(embedder.embedAll(texts.subList(from, to)));
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.printf("\rembedding %d/%d prompts with %s (%.0f s)", to, texts.size(), embedder.id(), seconds);
            progress.flush();
        }
        progress.println();
        return out;
    }
}
