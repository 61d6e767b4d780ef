package io.uniroute.core.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Chooses at most {@code budget} prompts to profile a new LLM on, stratified by cluster: every
 * non-empty cluster first gets up to {@code minPerCluster} prompts (fewer when the budget cannot
 * give every cluster that many), the rest is shared in proportion to what each cluster has left
 * (largest remainder), and the prompts within a cluster are a seeded random sample. Ψ is a
 * per-cluster mean, so a cluster with no profiled prompt would fall back to the overall error: the
 * floor keeps every cluster measured, the proportional share keeps the overall error unbiased.
 *
 * <p>The same inputs and seed always give the same choice, so profiling is reproducible and two
 * policies over one prompt set that agree on the clusters choose the same prompts.
 */
public final class StratifiedPromptSelection {

    /** "A few in each": enough for a per-cluster mean that shrinkage can then pull toward the overall error. */
    public static final int DEFAULT_MIN_PER_CLUSTER = 3;

    private final long seed;
    private final int minPerCluster;

    public StratifiedPromptSelection(long seed, int minPerCluster) {
        if (minPerCluster < 0) {
            throw new IllegalArgumentException("minPerCluster must be >= 0, was " + minPerCluster);
        }
        this.seed = seed;
        this.minPerCluster = minPerCluster;
    }

    public StratifiedPromptSelection(long seed) {
        this(seed, DEFAULT_MIN_PER_CLUSTER);
    }

    /**
     * @param clusterOf the cluster of each prompt, in [0, clusters)
     * @param clusters  K
     * @param budget    the most prompts to choose; all of them when the budget covers every prompt
     * @return the chosen prompt indices, ascending
     */
    public int[] select(int[] clusterOf, int clusters, int budget) {
        if (budget < 0) {
            throw new IllegalArgumentException("budget must be >= 0, was " + budget);
        }
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < clusters; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < clusterOf.length; i++) {
            if (clusterOf[i] < 0 || clusterOf[i] >= clusters) {
                throw new IllegalArgumentException("prompt " + i + " is in cluster " + clusterOf[i] + ", not in [0, " + clusters + ")");
            }
            members.get(clusterOf[i]).add(i);
        }
        if (budget >= clusterOf.length) {
            int[] all = new int[clusterOf.length];
            Arrays.setAll(all, i -> i);
            return all;
        }
        Random random = new Random(seed);
        for (List<Integer> m : members) {
            Collections.shuffle(m, random);
        }
        int[] quota = quotas(members.stream().mapToInt(List::size).toArray(), budget);
        List<Integer> chosen = new ArrayList<>(budget);
        for (int c = 0; c < clusters; c++) {
            chosen.addAll(members.get(c).subList(0, quota[c]));
        }
        return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** How many prompts each cluster gets: a floor for every non-empty cluster, then largest remainder on what is left. */
    int[] quotas(int[] sizes, int budget) {
        int nonEmpty = (int) Arrays.stream(sizes).filter(s -> s > 0).count();
        int[] quota = new int[sizes.length];
        if (nonEmpty == 0) {
            return quota;
        }
        int floor = Math.min(minPerCluster, budget / nonEmpty);
        int left = budget;
        for (int c = 0; c < sizes.length; c++) {
            quota[c] = Math.min(sizes[c], floor);
            left -= quota[c];
        }
        while (left > 0) {
            long capacity = 0;
            for (int c = 0; c < sizes.length; c++) {
                capacity += sizes[c] - quota[c];
            }
            if (capacity == 0) {
                break;
            }
            double[] remainder = new double[sizes.length];
            int given = 0;
            for (int c = 0; c < sizes.length; c++) {
                double share = (double) left * (sizes[c] - quota[c]) / capacity;
                int whole = (int) Math.min(Math.floor(share), sizes[c] - quota[c]);
                quota[c] += whole;
                given += whole;
                remainder[c] = share - whole;
            }
            left -= given;
            if (given == 0) { // every share below one prompt: one each to the largest remainders
                Integer[] order = new Integer[sizes.length];
                Arrays.setAll(order, c -> c);
                Arrays.sort(order, (a, b) -> Double.compare(remainder[b], remainder[a]));
                for (int c : order) {
                    if (left == 0) {
                        break;
                    }
                    if (quota[c] < sizes[c]) {
                        quota[c]++;
                        left--;
                    }
                }
            }
        }
        return quota;
    }
}
