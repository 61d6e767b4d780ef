package io.uniroute.sidecar.proxy;

import io.uniroute.sidecar.table.LoadedTable;
import io.uniroute.sidecar.upstream.UpstreamFailure;
import java.util.List;

/** No backend gave a usable answer: the failures of those tried, in order (maybe none could be tried). */
final class Exhausted extends RuntimeException {
    final LoadedTable table;
    final String policy;
    final List<UpstreamFailure> failures;

    Exhausted(LoadedTable table, String policy, List<UpstreamFailure> failures) {
        super("every backend tried failed", null, false, false);
        this.table = table;
        this.policy = policy;
        this.failures = List.copyOf(failures);
    }
}
