package io.uniroute.core.embedding;

import io.uniroute.core.hashing.Sha256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded LRU cache in front of an embedder, keyed by the SHA-256 of the embedder id and the text
 * (so that the cache does not hold prompts themselves, and a key names the text window it was made
 * with). Thread-safe.
 */
public final class CachingEmbedder implements Embedder {

    private final Embedder delegate;
    private final Map<String, float[]> cache;
    private long hits;
    private long misses;

    public CachingEmbedder(Embedder delegate, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1");
        }
        this.delegate = delegate;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > maxEntries;
            }
        };
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
        String key = key(text);
        synchronized (this) {
            float[] v = cache.get(key);
            if (v != null) {
                hits++;
                return v.clone();
            }
            misses++;
        }
        float[] v = delegate.embed(text);
        synchronized (this) {
            cache.put(key, v.clone());
        }
        return v;
    }

    /**
     * The cached embedding of {@code text}, never computing one: a hash and a map lookup, cheap
     * enough for an event loop (the sidecar tries this before going to a worker thread).
     */
    public java.util.Optional<float[]> cached(String text) {
        String key = key(text);
        synchronized (this) {
            float[] v = cache.get(key);
            if (v == null) {
                return java.util.Optional.empty();
            }
            hits++;
            return java.util.Optional.of(v.clone());
        }
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        List<String> missing = new ArrayList<>();
        Map<String, float[]> found = new HashMap<>();
        synchronized (this) {
            for (String t : texts) {
                float[] v = cache.get(key(t));
                if (v != null) {
                    hits++;
                    found.put(t, v);
                } else if (!found.containsKey(t)) {
                    misses++;
                    missing.add(t);
                    found.put(t, null);
                }
            }
        }
        if (!missing.isEmpty()) {
            List<float[]> computed = delegate.embedAll(missing);
            synchronized (this) {
                for (int i = 0; i < missing.size(); i++) {
                    cache.put(key(missing.get(i)), computed.get(i).clone());
                    found.put(missing.get(i), computed.get(i));
                }
            }
        }
        for (String t : texts) {
            out.add(found.get(t).clone());
        }
        return out;
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    private String key(String text) {
        return Sha256.hex(delegate.id() + "\n" + text);
    }
}
