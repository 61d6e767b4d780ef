package io.uniroute.core.routing;

import io.uniroute.core.clustering.KMeans;
import io.uniroute.core.metrics.DeferralCurve;
import io.uniroute.core.metrics.LambdaSweep;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the number of clusters K the way the UniRoute paper does (App. F.1): for each K in a grid,
 * cluster, route the training LLMs on held-out labelled prompts over a λ sweep, and keep the K whose
 * deferral curve has the largest Area (the smallest K on a tie). A K larger than the number of
 * prompts to cluster is skipped.
 *
 * <p>Ψ is computed from one labelled prompt set and the Area measured on another, so a large K is
 * not rewarded for memorising. The evaluation by default computes the training LLMs' Ψ from the
 * validation prompts — the few prompts an unseen LLM's Ψ will come from, so the choice of K pays for
 * the noise of Ψ estimated per cluster from them — and measures the Area on the training prompts
 * (k-means saw them, but not their labels).
 */
public final class KSelection {

    public static final int[] DEFAULT_GRID = {5, 10, 25, 50, 100, 200};

    /** One K tried and the Area its router reached (NaN when skipped). */
    public record Candidate(int k, double area) {
    }

    /** The K kept, its clustering (reuse it: it is what the router will be built from) and every K tried. */
    public record Result(int k, KMeans.Clustering clustering, List<Candidate> candidates) {
    }

    /** Labelled prompts: embeddings, err[prompt][llm], and cost[prompt][llm] (normalised). */
    public record LabelledPrompts(List<float[]> embeddings, double[][] errors, double[][] costs) {
        public LabelledPrompts {
            if (embeddings.isEmpty() || embeddings.size() != errors.length || (costs != null && costs.length != errors.length)) {
                throw new IllegalArgumentException("need at least one prompt and one error (and cost) row per prompt");
            }
        }
    }

    private KSelection() {
    }

    /**
     * @param grid            candidate K values
     * @param seed            the k-means seed
     * @param clusterPrompts  the prompts k-means runs on
     * @param psiPrompts      labelled prompts Ψ of the training LLMs is computed from
     * @param evalPrompts     labelled prompts (with costs) the training LLMs are routed on
     * @param ruleCosts       c(h) per training LLM, normalised, what λ multiplies
     */
    public static Result select(int[] grid, long seed, List<float[]> clusterPrompts, LabelledPrompts psiPrompts,
            LabelledPrompts evalPrompts, double[] ruleCosts) {
        return select(grid, seed, clusterPrompts, psiPrompts, evalPrompts, ruleCosts, false);
    }

    /**
     * As above; with {@code shrinkPsi} each K's Ψ is shrunk toward each LLM's overall error with a
     * prior fitted for that K on psiPrompts ({@link PsiShrinkage}), as the router will compute it, so
     * a large K is judged with the Ψ it would really get.
     */
    public static Result select(int[] grid, long seed, List<float[]> clusterPrompts, LabelledPrompts psiPrompts,
            LabelledPrompts evalPrompts, double[] ruleCosts, boolean shrinkPsi) {
        if (evalPrompts.costs() == null) {
            throw new IllegalArgumentException("the prompts the Area is measured on need costs");
        }
        List<Candidate> tried = new ArrayList<>();
        Result best = null;
        double bestArea = Double.NEGATIVE_INFINITY;
        for (int k : grid) {
            if (k < 1 || k > clusterPrompts.size()) {
                tried.add(new Candidate(k, Double.NaN));
                continue;
            }
            KMeans.Clustering clustering = new KMeans(k, seed, KMEANS_ITERATIONS).fit(clusterPrompts);
            double area = area(new NearestCentroidMap(clustering.centroids()), psiPrompts, evalPrompts, ruleCosts, shrinkPsi);
            tried.add(new Candidate(k, area));
            if (area > bestArea) {
                bestArea = area;
                best = new Result(k, clustering, null);
            }
        }
        if (best == null) { // every K of the grid exceeds the prompt count: one cluster per prompt
            int k = clusterPrompts.size();
            KMeans.Clustering clustering = new KMeans(k, seed, KMEANS_ITERATIONS).fit(clusterPrompts);
            tried.add(new Candidate(k, area(new NearestCentroidMap(clustering.centroids()), psiPrompts, evalPrompts, ruleCosts, shrinkPsi)));
            best = new Result(k, clustering, null);
        }
        return new Result(best.k(), best.clustering(), List.copyOf(tried));
    }

    /** Lloyd iterations per fit: enough for k-means to settle on prompt embeddings, bounded for speed. */
    public static final int KMEANS_ITERATIONS = 40;

    /** Area of the deferral curve of UniRoute with this map, Ψ from psiPrompts, routed on evalPrompts. */
    public static double area(ClusterMap map, LabelledPrompts psiPrompts, LabelledPrompts evalPrompts, double[] ruleCosts) {
        return area(map, psiPrompts, evalPrompts, ruleCosts, false);
    }

    /** As above, with Ψ shrunk by a prior fitted on psiPrompts when {@code shrinkPsi}. */
    public static double area(ClusterMap map, LabelledPrompts psiPrompts, LabelledPrompts evalPrompts, double[] ruleCosts,
            boolean shrinkPsi) {
        double[][] memberships = FeatureVectors.memberships(map, psiPrompts.embeddings());
        PsiShrinkage shrinkage = shrinkPsi ? PsiShrinkage.fit(memberships, psiPrompts.errors()) : PsiShrinkage.NONE;
        double[][] psi = shrinkage.psi(memberships, psiPrompts.errors());
        ClusterErrorEstimator estimator = new ClusterErrorEstimator(map, psi);
        double[][] estimated = new double[evalPrompts.embeddings().size()][];
        for (int i = 0; i < estimated.length; i++) {
            estimated[i] = estimator.estimateErrors(evalPrompts.embeddings().get(i));
        }
        return DeferralCurve.of(LambdaSweep.points(estimated, evalPrompts.errors(), evalPrompts.costs(), ruleCosts,
                LambdaSweep.defaultLambdas())).area();
    }
}
