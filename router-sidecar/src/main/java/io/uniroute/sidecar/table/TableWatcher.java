package io.uniroute.sidecar.table;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every table source on one background thread (never an event loop), and at once when a
 * watched source reports a change, and offers changed JSON to the {@link TableRegistry}. A
 * {@link TableSetSource}'s tables come and go: one missing from its set is removed. Each round also
 * runs {@code alsoEachRound} (the client keys' re-read). A failing source logs once per distinct
 * error, not every second.
 */
public final class TableWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TableWatcher.class);

    private final List<TableSource> sources;
    private final List<TableSetSource> sets;
    private final TableRegistry registry;
    private final Duration interval;
    private final Runnable alsoEachRound;
    private final Map<String, String> lastSeen = new HashMap<>();
    private final Map<String, SetMember> lastMember = new HashMap<>();
    private final Map<String, String> lastError = new HashMap<>();
    private final Map<String, Set<String>> members = new HashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "uniroute-table-watch");
        t.setDaemon(true);
        return t;
    });

    public TableWatcher(List<TableSource> sources, TableRegistry registry, Duration interval) {
        this(sources, List.of(), registry, interval, () -> { });
    }

    public TableWatcher(List<TableSource> sources, List<TableSetSource> sets, TableRegistry registry, Duration interval,
            Runnable alsoEachRound) {
        this.sources = List.copyOf(sources);
        this.sets = List.copyOf(sets);
        this.registry = registry;
        this.interval = interval;
        this.alsoEachRound = alsoEachRound;
    }

    public void start() {
        // a watch event triggers a round at once; the poll stays as the fallback
        Runnable soon = () -> {
            try {
                executor.execute(this::pollAll);
            } catch (RejectedExecutionException closed) {
                // the watcher is closing
            }
        };
        for (TableSource s : sources) {
            if (s instanceof WatchedSource w) {
                w.startWatch(soon);
            }
        }
        sets.forEach(set -> set.startWatch(soon));
        executor.scheduleWithFixedDelay(this::pollAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round over every source; confined to the watcher's thread. */
    void pollAll() {
        for (TableSource s : sources) {
            try {
                Optional<String> text = s.fetch();
                lastError.remove(s.id());
                if (text.isPresent()) {
                    offer(s.id(), text.get());
                }
            } catch (Exception e) {
                failed(s.id(), e);
            }
        }
        for (TableSetSource set : sets) {
            try {
                Map<String, SetMember> tables = set.fetchAll();
                lastError.remove(set.id());
                tables.forEach(this::offer);
                for (String gone : members.getOrDefault(set.id(), Set.of())) {
                    if (!tables.containsKey(gone)) {
                        lastMember.remove(gone);
                        registry.remove(gone);
                    }
                }
                members.put(set.id(), Set.copyOf(tables.keySet()));
            } catch (Exception e) {
                failed(set.id(), e); // nothing is removed while the set cannot be read
            }
        }
        try {
            alsoEachRound.run();
        } catch (RuntimeException e) {
            failed("each-round", e);
        }
    }

    private void offer(String id, String text) {
        if (!text.equals(lastSeen.get(id))) {
            lastSeen.put(id, text);
            registry.offer(id, text);
        } else {
            registry.refreshKeys(id);
        }
    }

    private void offer(String id, SetMember member) {
        if (!member.equals(lastMember.get(id))) { // the JSON, or what it must claim, changed
            lastMember.put(id, member);
            registry.offer(id, member);
        } else {
            registry.refreshKeys(id);
        }
    }

    private void failed(String id, Exception e) {
        String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (!Objects.equals(lastError.put(id, msg), msg)) {
            LOG.warn("cannot read routing table source {}: {}", id, msg);
        }
    }

    @Override
    public void close() {
        for (TableSource s : sources) {
            if (s instanceof WatchedSource w) {
                w.close();
            }
        }
        sets.forEach(TableSetSource::close);
        executor.shutdownNow();
    }
}
