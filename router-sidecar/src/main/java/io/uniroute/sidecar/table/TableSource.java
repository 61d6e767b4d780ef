package io.uniroute.sidecar.table;

import java.util.Optional;

/** Where a routing table's JSON comes from. Called on the watcher's thread; may block. */
public interface TableSource {

    /** A stable name for logs and metrics (a path or namespace/name, never a secret). */
    String id();

    /** The current JSON, or empty while the source does not exist yet. */
    Optional<String> fetch() throws Exception;
}
