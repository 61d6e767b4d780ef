package io.uniroute.operator.publishing;

import io.uniroute.core.routing.KSelection;
import io.uniroute.core.routing.LearnedMapFitter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The parts of a cluster map that learn from the backends' labels: K chosen by Area (paper App.
 * F.1) and LearnedMap's θ. Both use only the prompts not held out for the estimate, split in two
 * halves: one to compute Ψ from, one to measure on (KSelection) or to fit on (LearnedMap), so the
 * operator's single prompt set plays the paper's S_tr and S_val. Clustering itself never uses labels.
 */
final class MapFitting {

    /** K values tried for clusters: auto, those up to half the prompts. */
    static final int[] GRID = {2, 3, 5, 10, 25, 50, 100, 200};

    private MapFitting() {
    }

    record KChoice(int k, String description) {
    }

    static KChoice selectK(List<float[]> vectors, List<ProfiledBackend> routable, double[] normalizedCosts, boolean[] heldOut,
            long seed) {
        return selectK(vectors, routable, normalizedCosts, heldOut, null, seed, Integer.MAX_VALUE);
    }

    /**
     * @param comparable prompts every backend has a bit for (null: all); only they are labelled prompts
     *                   here. Ψ is shrunk as the table's will be, so K is judged with the Ψ it gets.
     */
    static KChoice selectK(List<float[]> vectors, List<ProfiledBackend> routable, double[] normalizedCosts, boolean[] heldOut,
            boolean[] comparable, long seed, int maxK) {
        Halves h = halves(heldOut, comparable);
        int[] grid = Arrays.stream(GRID).filter(k -> k <= vectors.size() / 2 && k <= maxK).toArray();
        if (h.a.isEmpty() || h.b.isEmpty() || grid.length == 0) {
            return new KChoice(1, "K = 1: too few prompts to choose K by Area");
        }
        var psiPrompts = labelled(vectors, routable, h.a, null);
        var evalPrompts = labelled(vectors, routable, h.b, normalizedCosts);
        KSelection.Result r = KSelection.select(grid, seed, vectors, psiPrompts, evalPrompts, normalizedCosts, true);
        String tried = r.candidates().stream().filter(c -> !Double.isNaN(c.area()))
                .map(c -> String.format(java.util.Locale.ROOT, "%d:%.3f", c.k(), c.area())).collect(Collectors.joining(", "));
        return new KChoice(r.k(), "K = " + r.k() + " chosen by Area (K:Area " + tried + ")");
    }

    static float[][] fitTheta(float[][] centroids, List<float[]> vectors, List<ProfiledBackend> routable, boolean[] heldOut) {
        return fitTheta(centroids, vectors, routable, heldOut, null);
    }

    static float[][] fitTheta(float[][] centroids, List<float[]> vectors, List<ProfiledBackend> routable, boolean[] heldOut,
            boolean[] comparable) {
        Halves h = halves(heldOut, comparable);
        if (h.a.isEmpty() || h.b.isEmpty()) {
            h = new Halves(allFit(heldOut, comparable), allFit(heldOut, comparable)); // too few prompts to split: fit and compute Ψ on the same ones
        }
        var train = labelled(vectors, routable, h.b, null);
        var val = labelled(vectors, routable, h.a, null);
        return new LearnedMapFitter().fit(centroids, train.embeddings(), train.errors(), val.embeddings(), val.errors()).theta();
    }

    private record Halves(List<Integer> a, List<Integer> b) {
    }

    private static List<Integer> allFit(boolean[] heldOut, boolean[] comparable) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < heldOut.length; i++) {
            if (!heldOut[i] && (comparable == null || comparable[i])) {
                out.add(i);
            }
        }
        return out;
    }

    private static Halves halves(boolean[] heldOut, boolean[] comparable) {
        List<Integer> fit = allFit(heldOut, comparable);
        List<Integer> a = new ArrayList<>();
        List<Integer> b = new ArrayList<>();
        for (int i = 0; i < fit.size(); i++) {
            (i % 2 == 0 ? a : b).add(fit.get(i));
        }
        return new Halves(a, b);
    }

    private static KSelection.LabelledPrompts labelled(List<float[]> vectors, List<ProfiledBackend> routable, List<Integer> idx,
            double[] normalizedCosts) {
        List<float[]> emb = new ArrayList<>();
        double[][] err = new double[idx.size()][routable.size()];
        double[][] cost = normalizedCosts == null ? null : new double[idx.size()][];
        for (int j = 0; j < idx.size(); j++) {
            int i = idx.get(j);
            emb.add(vectors.get(i));
            for (int h = 0; h < routable.size(); h++) {
                err[j][h] = routable.get(h).correct().get(i) ? 0 : 1;
            }
            if (cost != null) {
                cost[j] = normalizedCosts.clone();
            }
        }
        return new KSelection.LabelledPrompts(emb, err, cost);
    }
}
