package io.uniroute.core.embedding;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a real embedder and counts the texts it was asked to embed (to prove caches work). */
public final class CountingEmbedder implements Embedder {

    private final Embedder delegate;
    private final AtomicInteger texts = new AtomicInteger();

    public CountingEmbedder(Embedder delegate) {
        this.delegate = delegate;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public float[] embed(String text) {
        texts.incrementAndGet();
        return delegate.embed(text);
    }

    @Override
    public List<float[]> embedAll(List<String> batch) {
        texts.addAndGet(batch.size());
        return delegate.embedAll(batch);
    }

    public int textsEmbedded() {
        return texts.get();
    }
}
