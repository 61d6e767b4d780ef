package io.uniroute.sidecar.support;

import io.uniroute.core.embedding.Embedder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The real embedder, counting how often each text is embedded (not a fake: every call embeds). */
public final class CountingEmbedder implements Embedder {

    private final Embedder delegate;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    public CountingEmbedder(Embedder delegate) {
        this.delegate = delegate;
    }

    public int calls(String text) {
        AtomicInteger n = calls.get(text);
        return n == null ? 0 : n.get();
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
        calls.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
        return delegate.embed(text);
    }
}
