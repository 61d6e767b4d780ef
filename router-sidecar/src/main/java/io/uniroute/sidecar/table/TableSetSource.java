package io.uniroute.sidecar.table;

import java.util.Map;

/**
 * A source of several tables whose membership changes: each table has its own source id, and a
 * table missing from {@link #fetchAll()} is no longer served. Called on the watcher's thread.
 */
public interface TableSetSource extends AutoCloseable {

    /** A stable name for logs (never a secret). */
    String id();

    /** Every table there now: source id → the table and what it must claim. Throws when the set cannot be read (nothing is removed then). */
    Map<String, SetMember> fetchAll() throws Exception;

    /** Calls {@code onChange} from the source's own thread when a member appears, changes or goes. */
    void startWatch(Runnable onChange);

    @Override
    void close();
}
