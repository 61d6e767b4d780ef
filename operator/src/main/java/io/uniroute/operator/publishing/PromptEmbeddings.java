package io.uniroute.operator.publishing;

import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.core.embedding.SharedTemplate;
import io.uniroute.core.embedding.TextWindow;
import io.uniroute.operator.promptset.ResolvedPrompt;
import io.uniroute.operator.promptset.ResolvedPromptSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Embeddings of whole prompt sets, cached by (content hash, embedder id, which names the text
 * window): a policy re-publishes
 * on every backend change, but embeds its prompt set once. Each prompt's text is embedded without
 * the set's {@link SharedTemplate} (the text all its prompts start and end with), which the table
 * publishes so the sidecar strips it from requests too; the template follows from the content, so
 * the content hash keys it as well. The embedder is created on first use
 * (loading the ONNX model takes a second). Thread-safe.
 */
public final class PromptEmbeddings {

    private static final int MAX_SETS = 16;

    private final Supplier<Embedder> embedderFactory;
    private volatile Embedder embedder;
    private final Map<String, List<float[]>> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<float[]>> eldest) {
            return size() > MAX_SETS;
        }
    };

    private final Map<String, Embedder> windows = new HashMap<>();
    private final Map<String, SharedTemplate> templates = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SharedTemplate> eldest) {
            return size() > MAX_SETS;
        }
    };

    public PromptEmbeddings(Supplier<Embedder> embedderFactory) {
        this.embedderFactory = embedderFactory;
    }

    public synchronized Embedder embedder() {
        if (embedder == null) {
            embedder = embedderFactory.get();
        }
        return embedder;
    }

    /**
     * The embedder a policy's {@code spec.embedder} names: the operator's own, or the same MiniLM
     * model with the text window the id names (sharing the loaded model).
     *
     * @throws IllegalArgumentException for an id no embedder here can serve
     */
    public Embedder embedder(String id) {
        Embedder base = embedder();
        if (base.id().equals(id)) {
            return base;
        }
        synchronized (windows) {
            Embedder known = windows.get(id);
            if (known != null) {
                return known;
            }
            Optional<TextWindow> window = MiniLmEmbedder.windowOf(id);
            if (window.isEmpty() || !(base instanceof MiniLmEmbedder miniLm)) {
                throw new IllegalArgumentException("embedder " + id + " is unknown here (this operator embeds with " + base.id() + ")");
            }
            Embedder e = miniLm.withWindow(window.get());
            windows.put(id, e);
            return e;
        }
    }

    /** The embeddings of the set's prompts with the operator's own embedder. */
    public List<float[]> of(ResolvedPromptSet set) {
        return of(set, embedder());
    }

    /** The embeddings of the set's prompts, in order; the lists are shared, so never modify them. */
    public List<float[]> of(ResolvedPromptSet set, Embedder e) {
        String key = set.hash() + "/" + e.id();
        synchronized (cache) {
            List<float[]> hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        SharedTemplate template = template(set);
        List<float[]> computed = List.copyOf(e.embedAll(set.prompts().stream().map(p -> template.strip(p.embeddingText())).toList()));
        synchronized (cache) {
            cache.put(key, computed);
        }
        return computed;
    }

    /** The text every prompt of the set starts and ends with, stripped before embedding ({@link SharedTemplate#NONE} if none). */
    public SharedTemplate template(ResolvedPromptSet set) {
        synchronized (templates) {
            SharedTemplate hit = templates.get(set.hash());
            if (hit != null) {
                return hit;
            }
        }
        SharedTemplate found = SharedTemplate.detect(set.prompts().stream().map(ResolvedPrompt::embeddingText).toList());
        synchronized (templates) {
            templates.put(set.hash(), found);
        }
        return found;
    }
}
