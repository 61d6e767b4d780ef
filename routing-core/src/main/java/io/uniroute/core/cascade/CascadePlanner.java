package io.uniroute.core.cascade;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plans a cascade (PAPERS.md, "Cascading"): stages come in the policy's order, cheap to expensive.
 * <ul>
 *   <li>Router-estimate deferral: a stage whose estimated error γ(x, h) is above
 *       {@code maxEstimatedError} is skipped before it is called. The last stage is never skipped
 *       for this reason: something has to answer.</li>
 *   <li>Cost ceiling: the plan's total cost (a cascade pays every stage it calls) stays at or under
 *       the request's ceiling. Stages are dropped from the expensive end, so the most expensive
 *       affordable stage becomes the final one.</li>
 *   <li>{@code maxStages}: the final stage is kept, and the cheapest {@code maxStages - 1} planned
 *       stages before it.</li>
 * </ul>
 */
public final class CascadePlanner {

    private CascadePlanner() {
    }

    /**
     * @param stageNames       the policy's stages, cheap to expensive
     * @param backendIndex     each backend name's index in the table (and in {@code errors}/{@code costsUsd})
     * @param errors           γ(x, h) per backend
     * @param costsUsd         expected cost per query per backend, USD
     * @param maxCostUsd       the request's ceiling; {@code Double.POSITIVE_INFINITY} when none
     * @param unavailable      backends not to plan (e.g. an open circuit breaker), by name
     * @return the plan; empty stages when nothing fits under the ceiling
     */
    public static CascadePlan plan(List<String> stageNames, Map<String, Integer> backendIndex, double[] errors,
            double[] costsUsd, double maxEstimatedError, int maxStages, double maxCostUsd,
            java.util.Set<String> unavailable) {
        if (maxStages < 1) {
            throw new IllegalArgumentException("maxStages must be >= 1");
        }
        List<CascadePlan.Stage> candidates = new ArrayList<>();
        for (String name : stageNames) {
            Integer i = backendIndex.get(name);
            if (i == null) {
                throw new IllegalArgumentException("stage " + name + " is not a backend");
            }
            if (!unavailable.contains(name)) {
                candidates.add(new CascadePlan.Stage(i, name, errors[i], costsUsd[i]));
            }
        }
        List<String> skipped = new ArrayList<>();
        List<CascadePlan.Stage> kept = new ArrayList<>();
        for (int p = 0; p < candidates.size(); p++) {
            var s = candidates.get(p);
            boolean last = p == candidates.size() - 1;
            if (!last && s.estimatedError() > maxEstimatedError) {
                skipped.add(s.backend());
            } else {
                kept.add(s);
            }
        }
        // Drop from the expensive end until the whole plan fits under the ceiling.
        while (!kept.isEmpty() && total(kept) > maxCostUsd) {
            skipped.add(kept.remove(kept.size() - 1).backend());
        }
        if (kept.size() > maxStages) {
            CascadePlan.Stage last = kept.get(kept.size() - 1);
            List<CascadePlan.Stage> trimmed = new ArrayList<>(kept.subList(0, maxStages - 1));
            kept.subList(maxStages - 1, kept.size() - 1).forEach(s -> skipped.add(s.backend()));
            trimmed.add(last);
            kept = trimmed;
        }
        return new CascadePlan(kept, skipped);
    }

    private static double total(List<CascadePlan.Stage> stages) {
        return stages.stream().mapToDouble(CascadePlan.Stage::costPerQueryUsd).sum();
    }
}
