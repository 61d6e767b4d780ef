package io.uniroute.sidecar.table;

import io.uniroute.core.table.InvalidRoutingTableException;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.core.table.RoutingTableJson;
import io.uniroute.sidecar.metrics.SidecarMetrics;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables being served, one per source (a file or a ConfigMap), swapped atomically: a request
 * reads one immutable snapshot and keeps it for its whole life, so an update mid-traffic never
 * mixes two tables in one decision. An invalid table is rejected (log line + metric) and the last
 * good one keeps serving.
 */
public final class TableRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(TableRegistry.class);

    /**
     * The immutable view a request works with: tables by source in configuration order, and by
     * policy the most recently loaded one (a pod may have the same policy both mounted as a file
     * and watched through the API; the API's copy is usually the newer).
     */
    public record Snapshot(Map<String, LoadedTable> bySource, Map<String, LoadedTable> byPolicy) {
        public boolean isEmpty() {
            return bySource.isEmpty();
        }

        /** {@code auto} is the first configured source's policy. */
        public Optional<LoadedTable> policy(String name) {
            if ("auto".equals(name)) {
                return bySource.values().stream().findFirst().map(t -> byPolicy.get(t.policy()));
            }
            return Optional.ofNullable(byPolicy.get(name));
        }

        /** A backend by its name, with the table that describes it (first match). */
        public Optional<Map.Entry<LoadedTable, Integer>> backend(String name) {
            for (LoadedTable t : bySource.values()) {
                Integer i = t.indexByName().get(name);
                if (i != null) {
                    return Optional.of(Map.entry(t, i));
                }
            }
            return Optional.empty();
        }
    }

    private final AtomicReference<Snapshot> current = new AtomicReference<>(new Snapshot(Map.of(), Map.of()));
    private final List<String> sourceOrder;
    private final String embedderId;
    private final String embedText;
    private final ApiKeys apiKeys;
    private final SidecarMetrics metrics;
    private final RoutingTableJson json = new RoutingTableJson();

    /** A registry for a sidecar embedding the last user message (the default {@code --embed-text}). */
    public TableRegistry(List<String> sourceOrder, String embedderId, ApiKeys apiKeys, SidecarMetrics metrics) {
        this(sourceOrder, embedderId, RoutingTable.EmbedderRef.DEFAULT_EMBED_TEXT, apiKeys, metrics);
    }

    /** @param embedText the sidecar's {@code --embed-text}: a table embedded from other text is refused */
    public TableRegistry(List<String> sourceOrder, String embedderId, String embedText, ApiKeys apiKeys, SidecarMetrics metrics) {
        this.sourceOrder = List.copyOf(sourceOrder);
        this.embedderId = embedderId;
        this.embedText = embedText;
        this.apiKeys = apiKeys;
        this.metrics = metrics;
    }

    public Snapshot snapshot() {
        return current.get();
    }

    /**
     * Offers a source's latest JSON. Returns true when it was accepted (or unchanged). Parsing and
     * validation happen on the caller's thread (the watcher's, never an event loop).
     */
    public boolean offer(String source, String text) {
        return offer(source, text, null);
    }

    /**
     * Offers a table of a {@link TableSetSource}: accepted only when its source is trusted and the
     * table names the policy and namespace its source was published for; else rejected (log line with
     * names only, {@code result="rejected-inconsistent"}) and nothing it claims is served.
     */
    public boolean offer(String source, SetMember member) {
        if (member.refusal().isPresent()) {
            rejectInconsistent(source, member.refusal().get());
            return false;
        }
        return offer(source, member.json(), member);
    }

    private boolean offer(String source, String text, SetMember expected) {
        RoutingTable table;
        String hash;
        try {
            table = json.read(text);
            if (expected != null && !(expected.policy().equals(table.policy()) && expected.namespace().equals(table.namespace()))) {
                rejectInconsistent(source, "its table names policy " + printable(table.policy()) + " in namespace "
                        + printable(table.namespace()) + ", not " + expected.policy() + " in " + expected.namespace());
                return false;
            }
            if (!embedderId.equals(table.embedder().id())) {
                // a table made with another model or text window: its centroids live in another space
                LOG.warn("rejected routing table for policy {} from {}: it was made with embedder {} but this sidecar"
                                + " embeds with {} (another text window gives other vectors); set the RoutingPolicy's"
                                + " spec.embedder or the sidecar's --embedder so they agree (keeping the last good one)",
                        table.policy(), source, table.embedder().id(), embedderId);
                metrics.tableUpdate(source, "rejected-embedder");
                return false;
            }
            if (!embedText.equals(table.embedder().embedTextOrDefault())) {
                // its prompts were embedded from other text of the conversation than this sidecar reads
                LOG.warn("rejected routing table for policy {} from {}: its prompts were embedded with embed-text {} but"
                                + " this sidecar embeds with --embed-text {}; run the sidecar with --embed-text {} so requests"
                                + " are embedded as the table's prompts were (keeping the last good one)",
                        table.policy(), source, table.embedder().embedTextOrDefault(), embedText,
                        table.embedder().embedTextOrDefault());
                metrics.tableUpdate(source, "rejected-embed-text");
                return false;
            }
            hash = RoutingTableJson.sha256(text);
        } catch (InvalidRoutingTableException | IllegalArgumentException e) {
            LOG.warn("rejected routing table from {}: {} (keeping the last good one)", source, e.getMessage());
            metrics.tableUpdate(source, "rejected");
            return false;
        }
        Map<String, String> keys = resolveKeys(table);
        LoadedTable previous = current.get().bySource().get(source);
        if (previous != null && previous.hash().equals(hash) && previous.keys().equals(keys)) {
            return true;
        }
        LoadedTable loaded = LoadedTable.of(source, hash, table, keys);
        swap(source, loaded);
        if (previous == null || !previous.hash().equals(hash)) {
            metrics.tableUpdate(source, "accepted");
            metrics.tableVersion(table.policy(), previous == null ? null : previous.hash(), hash);
            LOG.info("serving routing table for policy {} from {} (version {}, {} backends, strategy {})",
                    table.policy(), source, hash.substring(0, 12), table.backends().size(), table.strategy());
        }
        return true;
    }

    private void rejectInconsistent(String source, String why) {
        LOG.warn("rejected routing table from {}: {}; not served (a ConfigMap with the operator's labels is trusted only"
                + " as the operator writes it: <policy>-routing, controlled by that RoutingPolicy, naming it and its namespace)",
                source, why);
        metrics.tableUpdate(source, "rejected-inconsistent");
    }

    /** A name read from a table (anyone's text) as it may appear in a log line. */
    private static String printable(String s) {
        if (s == null) {
            return "(none)";
        }
        String clean = s.replaceAll("[^A-Za-z0-9._-]", "?");
        return clean.length() > 63 ? clean.substring(0, 63) + "…" : clean;
    }

    /** Re-reads mounted API keys for a source's table (a rotated Secret); no-op when unchanged. */
    public void refreshKeys(String source) {
        LoadedTable t = current.get().bySource().get(source);
        if (t != null) {
            Map<String, String> keys = resolveKeys(t.table());
            if (!keys.equals(t.keys())) {
                swap(source, LoadedTable.of(source, t.hash(), t.table(), keys));
            }
        }
    }

    /** Stops serving a source's table (its ConfigMap is gone); another source's table of the same policy takes over. */
    public void remove(String source) {
        LoadedTable gone = current.get().bySource().get(source);
        if (gone == null) {
            return;
        }
        current.updateAndGet(old -> {
            Map<String, LoadedTable> rest = new LinkedHashMap<>(old.bySource());
            rest.remove(source);
            Map<String, LoadedTable> byPolicy = new HashMap<>(old.byPolicy());
            if (byPolicy.get(gone.policy()) == gone) {
                byPolicy.remove(gone.policy());
                rest.values().stream().filter(t -> t.policy().equals(gone.policy())).findFirst()
                        .ifPresent(t -> byPolicy.put(t.policy(), t));
            }
            return new Snapshot(java.util.Collections.unmodifiableMap(rest), Map.copyOf(byPolicy));
        });
        metrics.tableUpdate(source, "removed");
        metrics.tableGone(gone.policy(), gone.hash());
        LOG.info("no longer serving routing table for policy {} from {}: it is gone", gone.policy(), source);
    }

    private Map<String, String> resolveKeys(RoutingTable table) {
        Map<String, String> keys = new HashMap<>();
        for (var b : table.backends()) {
            apiKeys.resolve(b.apiKey()).ifPresent(k -> keys.put(b.name(), k));
        }
        return keys;
    }

    private void swap(String source, LoadedTable loaded) {
        current.updateAndGet(old -> {
            Map<String, LoadedTable> next = new HashMap<>(old.bySource());
            next.put(source, loaded);
            Map<String, LoadedTable> ordered = new LinkedHashMap<>();
            sourceOrder.stream().filter(next::containsKey).forEach(s -> ordered.put(s, next.get(s)));
            next.keySet().stream().filter(s -> !ordered.containsKey(s)).sorted()
                    .forEach(s -> ordered.put(s, next.get(s)));
            Map<String, LoadedTable> byPolicy = new HashMap<>(old.byPolicy());
            byPolicy.put(loaded.policy(), loaded);
            return new Snapshot(java.util.Collections.unmodifiableMap(ordered), Map.copyOf(byPolicy));
        });
    }
}
