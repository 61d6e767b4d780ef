package io.uniroute.sidecar.proxy;

import io.uniroute.sidecar.routing.Decision;
import io.uniroute.sidecar.table.LoadedTable;

/** Where a request goes: a pinned backend ({@code decision} null), or a routing decision. */
record Plan(LoadedTable table, int pinnedIndex, Decision decision) {

    static Plan pinned(LoadedTable table, int index) {
        return new Plan(table, index, null);
    }

    static Plan routed(Decision decision) {
        return new Plan(decision.table(), -1, decision);
    }

    boolean isPinned() {
        return decision == null;
    }
}
