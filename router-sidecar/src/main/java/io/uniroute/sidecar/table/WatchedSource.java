package io.uniroute.sidecar.table;

/**
 * A source that can push changes instead of waiting for the next poll. {@link #startWatch} calls
 * {@code onChange} from the source's own thread; the {@link TableWatcher} then reads it with
 * {@link TableSource#fetch()} on its thread, so validation and the swap stay in one place.
 */
public interface WatchedSource extends TableSource, AutoCloseable {

    void startWatch(Runnable onChange);

    @Override
    void close();
}
