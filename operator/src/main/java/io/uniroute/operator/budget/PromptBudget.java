package io.uniroute.operator.budget;

import io.uniroute.core.clustering.KMeans;
import io.uniroute.core.routing.KSelection;
import io.uniroute.core.routing.StratifiedPromptSelection;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.api.RoutingPolicySpec;
import io.uniroute.operator.promptset.ResolvedPromptSet;
import io.uniroute.operator.publishing.PromptEmbeddings;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which prompts of a prompt set a backend is profiled on, under the {@code spec.profiling.maxPromptsPerBackend}
 * of the policies that select it: each policy chooses at most N prompts stratified by its own clusters
 * (k-means on the prompt embeddings with the policy's K and seed, as its routing table will have;
 * {@link StratifiedPromptSelection}), and a backend serving several policies over one prompt set is
 * profiled once on the union of their choices. Any policy without a budget means every prompt.
 * Choices are memoised per (prompt set hash, K, seed, N): a profiling batch runs every few seconds.
 */
public final class PromptBudget {

    private static final int MAX_MEMO = 256;

    private final PromptEmbeddings embeddings;
    private final Map<String, BitSet> memo = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BitSet> eldest) {
            return size() > MAX_MEMO;
        }
    };

    public PromptBudget(PromptEmbeddings embeddings) {
        this.embeddings = embeddings;
    }

    /** The prompts to profile for these policies over {@code set}, or null for every prompt. */
    public BitSet selection(ResolvedPromptSet set, List<RoutingPolicy> policies) {
        BitSet union = new BitSet();
        for (RoutingPolicy p : policies) {
            RoutingPolicySpec spec = p.getSpec();
            Integer n = spec == null ? null : spec.maxPromptsPerBackend();
            if (n == null || n < 1 || n >= set.size()) {
                return null;
            }
            int k = stratificationK(p, set.size(), n);
            long seed = spec.seedOrDefault();
            String key = set.hash() + "/" + k + "/" + seed + "/" + n;
            BitSet chosen;
            synchronized (memo) {
                chosen = memo.get(key);
            }
            if (chosen == null) {
                KMeans.Clustering clustering = new KMeans(k, seed, KSelection.KMEANS_ITERATIONS).fit(embeddings.of(set));
                chosen = new BitSet(set.size());
                for (int i : new StratifiedPromptSelection(seed).select(clustering.assignment(), k, n)) {
                    chosen.set(i);
                }
                synchronized (memo) {
                    memo.put(key, chosen);
                }
            }
            union.or(chosen);
        }
        return union;
    }

    /**
     * The K a policy's choice is stratified by: spec.clusters when a number; with clusters: auto the K
     * of its frozen fit on this prompt set when there is one, else min(8, N / 3) (at least 1), so
     * every cluster can get its floor of prompts; the default min(8, prompts / 5) when unset.
     */
    static int stratificationK(RoutingPolicy p, int prompts, int budget) {
        String clusters = p.getSpec().clusters();
        if (clusters == null) {
            return Math.max(1, Math.min(8, prompts / 5));
        }
        if (!"auto".equals(clusters)) {
            try {
                return Math.max(1, Math.min(prompts, Integer.parseInt(clusters)));
            } catch (NumberFormatException e) {
                return 1;
            }
        }
        if (p.getStatus() != null && p.getStatus().fit() != null && p.getStatus().fit().clusters() != null) {
            return Math.max(1, Math.min(prompts, p.getStatus().fit().clusters()));
        }
        return Math.max(1, Math.min(8, budget / StratifiedPromptSelection.DEFAULT_MIN_PER_CLUSTER));
    }
}
