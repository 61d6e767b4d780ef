package io.uniroute.sidecar.routing;

import io.uniroute.core.cascade.CascadePlan;
import io.uniroute.sidecar.table.LoadedTable;

/**
 * One routing decision, made on a worker thread and handed to the event loop.
 *
 * @param ranking backends (table indices) to try, best first; the head is the choice, the rest the
 *                fallback order (by the same score). Empty when none is allowed.
 * @param plan    the cascade's stages when the table's strategy is cascade, else null
 */
public record Decision(LoadedTable table, int cluster, double[] errors, double lambda, int[] ranking, CascadePlan plan) {

    public boolean isCascade() {
        return plan != null;
    }
}
