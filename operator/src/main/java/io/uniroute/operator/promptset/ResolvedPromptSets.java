package io.uniroute.operator.promptset;

import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.status.Conditions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Prompt sets resolved once, keyed by content hash. {@link PromptSetReconciler} is the only reader
 * of a set's spec and ConfigMaps: it stores the resolved set here under the hash it then writes to
 * the set's status. Backends and policies read the set (from their informer cache) and take the
 * resolved prompts by that status hash, so the status is the one truth of which content is current.
 * Listeners hear of a hash stored for the first time (after an operator restart the status already
 * carries it, and no status event would wake those that asked before it was here). Thread-safe.
 */
public final class ResolvedPromptSets {

    /** The set exists but the operator has not read its current spec yet. */
    public static final String REASON_PENDING = "PromptSetPending";

    private static final int MAX_SETS = 64;

    private final Map<String, ResolvedPromptSet> byHash = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ResolvedPromptSet> eldest) {
            return size() > MAX_SETS;
        }
    };
    private final List<Consumer<String>> namespaceListeners = new CopyOnWriteArrayList<>();

    /** Stores a set just resolved; tells the listeners (with its namespace) when its hash is new. */
    public void put(String namespace, ResolvedPromptSet set) {
        boolean added;
        synchronized (byHash) {
            added = byHash.put(set.hash(), set) == null;
        }
        if (added) {
            namespaceListeners.forEach(l -> l.accept(namespace));
        }
    }

    public void onNewHash(Consumer<String> namespaceListener) {
        namespaceListeners.add(namespaceListener);
    }

    /**
     * The resolved content a PromptSet's status names.
     *
     * @param ps the set from an informer cache, empty when there is none of that name
     */
    public ResolvedPromptSet current(String namespace, String name, Optional<PromptSet> ps) throws PromptSetException {
        if (ps.isEmpty()) {
            throw new PromptSetException(PromptSetResolver.REASON_NOT_FOUND, "PromptSet " + namespace + "/" + name + " does not exist");
        }
        var status = ps.get().getStatus();
        if (status == null || !Objects.equals(status.observedGeneration(), ps.get().getMetadata().getGeneration())) {
            throw pending(namespace, name);
        }
        var ready = Conditions.find(status.conditions(), Conditions.READY);
        if (ready.isPresent() && "False".equals(ready.get().getStatus())) {
            throw new PromptSetException(ready.get().getReason(), ready.get().getMessage());
        }
        if (status.hash() == null) {
            throw pending(namespace, name);
        }
        ResolvedPromptSet hit;
        synchronized (byHash) {
            hit = byHash.get(status.hash());
        }
        if (hit == null) {
            throw pending(namespace, name);
        }
        // equal content may be stored under another set's name
        return hit.name().equals(name) ? hit : new ResolvedPromptSet(name, hit.hash(), hit.prompts());
    }

    private static PromptSetException pending(String namespace, String name) {
        return new PromptSetException(REASON_PENDING, "PromptSet " + namespace + "/" + name
                + " has not been read by the operator yet (its status names no current content hash)");
    }
}
