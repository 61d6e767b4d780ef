package io.uniroute.core.evaluation;

import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.dataset.PromptRecord;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.embedding.EmbeddingDiskCache;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedding of every prompt of a dataset, in the dataset's order, read from the on-disk cache
 * when this (dataset, embedder) pair was embedded before, else computed in batches with progress.
 */
public final class DatasetEmbeddings {

    private static final int BATCH = 32;

    private DatasetEmbeddings() {
    }

    public static List<float[]> of(Dataset dataset, Embedder embedder, EmbeddingDiskCache cache, PrintStream progress) {
        List<String> texts = dataset.prompts().stream().map(PromptRecord::prompt).toList();
        return cache.getOrCompute(dataset.contentHash(), embedder, texts.size(), () -> embed(texts, embedder, progress));
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
