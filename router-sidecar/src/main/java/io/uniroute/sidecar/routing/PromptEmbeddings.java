package io.uniroute.sidecar.routing;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.hashing.Sha256;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prompt embeddings for routing, around any {@link Embedder}: a Caffeine cache keyed by the text's
 * SHA-256 (so it holds no prompt), in which the load of a key is shared — identical prompts in
 * flight are embedded once — and a bound on the wait for a worker. A new prompt whose embedding
 * would wait longer than {@code maxWait} (predicted from the queue and the mean embedding time, or
 * seen when its job has not started by then) gets no embedding: the caller routes it without one.
 * Thread-safe; shared by all event loops.
 */
public final class PromptEmbeddings implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PromptEmbeddings.class);

    /** An embedding, or why there is none ({@code overload}, {@code embedder_error}). */
    public record Lookup(float[] embedding, String missing) {
        public boolean found() {
            return embedding != null;
        }
    }

    private final Embedder embedder;
    private final AsyncCache<String, float[]> cache;
    private final ThreadPoolExecutor workers;
    private final int workerCount;
    private final long maxWaitNanos;
    /** Jobs submitted and not yet started. */
    private final AtomicInteger queued = new AtomicInteger();
    /** Running mean of one embedding's time (nanoseconds), for the predicted wait. */
    private final AtomicLong meanNanos = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(10));

    public PromptEmbeddings(Embedder embedder, int cacheEntries, int workers, Duration maxWait) {
        this.embedder = embedder;
        this.cache = Caffeine.newBuilder().maximumSize(Math.max(1, cacheEntries)).buildAsync();
        this.workerCount = Math.max(1, workers);
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(workerCount, workerCount, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "uniroute-embed-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.maxWaitNanos = maxWait.toNanos();
    }

    public String embedderId() {
        return embedder.id();
    }

    /** A text to embed with its cache key, hashed once for the cache check and the embedding that may follow. */
    public record Prompt(String text, String key) {
        public static Prompt of(String text) {
            return new Prompt(text, Sha256.hex(text));
        }
    }

    /** The embedding if it is cached already: a hash and a lookup, cheap enough for an event loop. */
    public Optional<float[]> cached(String text) {
        return cached(Prompt.of(text));
    }

    /** The embedding if it is cached already: a lookup. */
    public Optional<float[]> cached(Prompt prompt) {
        CompletableFuture<float[]> f = cache.getIfPresent(prompt.key());
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? Optional.ofNullable(f.join()) : Optional.empty();
    }

    /** Completes, on a worker thread or at once, with the embedding or the reason there is none. */
    public CompletableFuture<Lookup> embed(String text) {
        return embed(Prompt.of(text));
    }

    /** As {@link #embed(String)}, for a prompt already hashed (by {@link #cached(Prompt)}). */
    public CompletableFuture<Lookup> embed(Prompt prompt) {
        String text = prompt.text();
        String key = prompt.key();
        CompletableFuture<float[]> inFlight = cache.getIfPresent(key);
        if (inFlight == null && predictedWaitNanos() > maxWaitNanos) {
            return CompletableFuture.completedFuture(new Lookup(null, "overload"));
        }
        CompletableFuture<float[]> f = inFlight != null ? inFlight : cache.get(key, (k, executor) -> submit(text));
        return f.handle((v, e) -> {
            if (e == null) {
                return v != null ? new Lookup(v, null) : new Lookup(null, "overload");
            }
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.error("embedding a prompt failed; routing it without its embedding", cause);
            return new Lookup(null, "embedder_error");
        });
    }

    /** Jobs waiting ahead × the mean embedding time, spread over the workers. */
    long predictedWaitNanos() {
        return queued.get() * meanNanos.get() / workerCount;
    }

    private CompletableFuture<float[]> submit(String text) {
        CompletableFuture<float[]> result = new CompletableFuture<>();
        AtomicBoolean taken = new AtomicBoolean();
        queued.incrementAndGet();
        workers.execute(() -> {
            if (!taken.compareAndSet(false, true)) {
                return; // expired while queued
            }
            queued.decrementAndGet();
            long start = System.nanoTime();
            try {
                float[] v = embedder.embed(text);
                long took = System.nanoTime() - start;
                meanNanos.getAndUpdate(m -> m + (took - m) / 8);
                result.complete(v);
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        // Still queued when the bound has passed: the request goes on without it. A load completed with
        // null is dropped from the cache quietly, so the next request for the prompt tries again.
        CompletableFuture.delayedExecutor(maxWaitNanos, TimeUnit.NANOSECONDS).execute(() -> {
            if (taken.compareAndSet(false, true)) {
                queued.decrementAndGet();
                result.complete(null);
            }
        });
        return result;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
