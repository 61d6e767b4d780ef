package io.uniroute.sidecar.table;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every table source on one background thread, and at once when a {@link WatchedSource} reports a change, (never an event loop) and offers changed JSON
 * to the {@link TableRegistry}. A failing source logs once per distinct error, not every second.
 */
public final class TableWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TableWatcher.class);

    private final List<TableSource> sources;
    private final TableRegistry registry;
    private final Duration interval;
    private final Map<String, String> lastSeen = new HashMap<>();
    private final Map<String, String> lastError = new HashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "uniroute-table-watch");
        t.setDaemon(true);
        return t;
    });

    public TableWatcher(List<TableSource> sources, TableRegistry registry, Duration interval) {
        this.sources = List.copyOf(sources);
        this.registry = registry;
        this.interval = interval;
    }

    public void start() {
        for (TableSource s : sources) {
            if (s instanceof WatchedSource w) {
                // a watch event triggers a round at once; the poll stays as the fallback
                w.startWatch(() -> {
                    try {
                        executor.execute(this::pollAll);
                    } catch (RejectedExecutionException closed) {
                        // the watcher is closing
                    }
                });
            }
        }
        executor.scheduleWithFixedDelay(this::pollAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round over every source; confined to the watcher's thread. */
    void pollAll() {
        for (TableSource s : sources) {
            try {
                Optional<String> text = s.fetch();
                lastError.remove(s.id());
                if (text.isEmpty()) {
                    continue;
                }
                if (!text.get().equals(lastSeen.get(s.id()))) {
                    lastSeen.put(s.id(), text.get());
                    registry.offer(s.id(), text.get());
                } else {
                    registry.refreshKeys(s.id());
                }
            } catch (Exception e) {
                String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
                if (!Objects.equals(lastError.put(s.id(), msg), msg)) {
                    LOG.warn("cannot read routing table source {}: {}", s.id(), msg);
                }
            }
        }
    }

    @Override
    public void close() {
        for (TableSource s : sources) {
            if (s instanceof WatchedSource w) {
                w.close();
            }
        }
        executor.shutdownNow();
    }
}
