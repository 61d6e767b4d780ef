package io.uniroute.core.evaluation;

import io.uniroute.core.clustering.KMeans;
import io.uniroute.core.metrics.CostAccuracyPoint;
import io.uniroute.core.metrics.DeferralCurve;
import io.uniroute.core.metrics.LambdaSweep;
import io.uniroute.core.routing.ClusterErrorEstimator;
import io.uniroute.core.routing.ClusterMap;
import io.uniroute.core.routing.ErrorEstimator;
import io.uniroute.core.routing.FeatureVectors;
import io.uniroute.core.routing.KSelection;
import io.uniroute.core.routing.KnnErrorEstimator;
import io.uniroute.core.routing.LearnedMapFitter;
import io.uniroute.core.routing.NearestCentroidMap;
import io.uniroute.core.routing.OracleErrorEstimator;
import io.uniroute.core.routing.PsiShrinkage;
import io.uniroute.core.routing.StratifiedPromptSelection;
import io.uniroute.core.routing.ZeroRouter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Runs one trial of the UniRoute protocol (PAPERS.md): split prompts and LLMs, cluster the training
 * prompts (K fixed or chosen by {@link KSelection}), fit LearnedMap with the training LLMs' labels,
 * compute Ψ of the unseen test LLMs from the validation prompts, and route the test prompts among
 * the test LLMs only, sweeping λ. Stateless; safe to run trials in parallel.
 */
public final class TrialRunner {

    public static final int CURVE_SAMPLES = 101;
    public static final List<String> METHODS = List.of("zero_router", "knn", "kmeans", "learned_map", "oracle");

    /**
     * Settings shared by every trial. {@code k} ≤ 0 means choose K per trial (App. F.1).
     * {@code shrinkPsi}: Ψ (of K selection and of the main UniRoute rows) shrunk by {@link PsiShrinkage}.
     * {@code newLlmPrompts}: budgets N for {@link NewLlmBudgets} ({@link NewLlmBudgets#ALL} = every
     * validation prompt); empty for none.
     */
    public record Settings(int k, int[] kGrid, int knnNeighbours, LearnedMapFitter.Options learnedMap,
            KSelectionData kSelection, boolean shrinkPsi, int[] newLlmPrompts) {

        public Settings(int k, int[] kGrid, int knnNeighbours, LearnedMapFitter.Options learnedMap,
                KSelectionData kSelection) {
            this(k, kGrid, knnNeighbours, learnedMap, kSelection, false, new int[0]);
        }
    }

    /**
     * Which labelled prompts App. F.1 uses for the training LLMs. {@code PSI_FROM_VALIDATION}: Ψ from
     * the validation prompts (as the unseen LLMs' Ψ will be, with the same few prompts per cluster),
     * Area on the training prompts. {@code PSI_FROM_TRAINING}: Ψ from the training prompts, Area on
     * the validation prompts.
     */
    public enum KSelectionData { PSI_FROM_VALIDATION, PSI_FROM_TRAINING }

    /**
     * The embedding of every prompt of the dataset as one trial sees it, given that trial's training
     * rows (what is embedded may depend on them, e.g. a {@code SharedTemplate} found in them).
     */
    @FunctionalInterface
    public interface TrialEmbeddings {
        List<float[]> forTraining(int[] trainRows);
    }

    private final List<String> modelNames;
    private final int prompts;
    private final TrialEmbeddings trialEmbeddings;
    private final double[][] errors;
    private final double[][] costUsd;
    private final Settings settings;

    /**
     * @param errors  err[prompt][model] for the whole dataset
     * @param costUsd cost[prompt][model] for the whole dataset
     */
    public TrialRunner(List<String> modelNames, List<float[]> embeddings, double[][] errors, double[][] costUsd,
            Settings settings) {
        this(modelNames, embeddings.size(), train -> embeddings, errors, costUsd, settings);
    }

    /** As above, with each trial's embeddings made from its training rows. */
    public TrialRunner(List<String> modelNames, int prompts, TrialEmbeddings trialEmbeddings, double[][] errors,
            double[][] costUsd, Settings settings) {
        this.modelNames = List.copyOf(modelNames);
        this.prompts = prompts;
        this.trialEmbeddings = trialEmbeddings;
        this.errors = errors;
        this.costUsd = costUsd;
        this.settings = settings;
    }

    public TrialResult run(int trial, long seed) {
        Random random = new Random(seed);
        TrialSplit split = TrialSplit.random(prompts, modelNames.size(), random);
        long kmeansSeed = random.nextLong();
        long selectionSeed = random.nextLong(); // drawn after the split and k-means seed, which stay as before
        List<float[]> embeddings = trialEmbeddings.forTraining(split.train());

        List<float[]> trainX = rows(embeddings, split.train());
        List<float[]> valX = rows(embeddings, split.validation());
        List<float[]> testX = rows(embeddings, split.test());

        // training LLMs: labels on train and validation prompts
        double[][] trainErrTrainLlm = sub(errors, split.train(), split.trainLlms());
        double[][] valErrTrainLlm = sub(errors, split.validation(), split.trainLlms());
        // unseen test LLMs: validation labels (their profiling), test labels (ground truth)
        double[][] valErrTestLlm = sub(errors, split.validation(), split.testLlms());
        double[][] testErrTestLlm = sub(errors, split.test(), split.testLlms());

        // clustering: fixed K, or App. F.1 (Ψ from the training prompts, Area on validation)
        KMeans.Clustering clustering;
        int k;
        if (settings.k() > 0) {
            k = Math.min(settings.k(), trainX.size());
            clustering = new KMeans(k, kmeansSeed, KSelection.KMEANS_ITERATIONS).fit(trainX);
        } else {
            boolean psiFromValidation = settings.kSelection() == KSelectionData.PSI_FROM_VALIDATION;
            int[] psiRows = psiFromValidation ? split.validation() : split.train();
            int[] areaRows = psiFromValidation ? split.train() : split.validation();
            KSelection.Result selection = KSelection.select(settings.kGrid(), kmeansSeed, trainX,
                    new KSelection.LabelledPrompts(psiFromValidation ? valX : trainX,
                            sub(errors, psiRows, split.trainLlms()), null),
                    new KSelection.LabelledPrompts(psiFromValidation ? trainX : valX,
                            sub(errors, areaRows, split.trainLlms()), normalised(sub(costUsd, areaRows, split.trainLlms()))),
                    normalisedMeans(sub(costUsd, psiRows, split.trainLlms())), settings.shrinkPsi());
            k = selection.k();
            clustering = selection.clustering();
        }

        // costs among the test LLMs: λ multiplies c(h) as profiled on validation; the x-axis is the
        // actual per-prompt cost on the test prompts, normalised to the most expensive test LLM
        double[] ruleCost = normalisedMeans(sub(costUsd, split.validation(), split.testLlms()));
        double[][] testCost = normalised(sub(costUsd, split.test(), split.testLlms()));

        ClusterMap kmeansMap = new NearestCentroidMap(clustering.centroids());
        LearnedMapFitter.Fit fit = new LearnedMapFitter(settings.learnedMap())
                .fit(clustering.centroids(), trainX, trainErrTrainLlm, valX, valErrTrainLlm);
        ClusterMap learnedMap = fit.map();

        // the empirical-Bayes prior strength is learnt from the training LLMs on the training prompts
        PsiShrinkage kmeansPrior = PsiShrinkage.fit(kmeansMap, trainX, trainErrTrainLlm);
        PsiShrinkage learnedPrior = PsiShrinkage.fit(learnedMap, trainX, trainErrTrainLlm);
        PsiShrinkage kmeansMain = settings.shrinkPsi() ? kmeansPrior : PsiShrinkage.NONE;
        PsiShrinkage learnedMain = settings.shrinkPsi() ? learnedPrior : PsiShrinkage.NONE;

        // each method's γ for the i-th test prompt; the routers see only its embedding, the oracle its index
        Map<String, IntFunction<double[]>> estimators = new LinkedHashMap<>();
        // ZeroRouter mixes the test LLMs along the hull of their measured (cost, accuracy) points (RouterBench)
        estimators.put("zero_router", byEmbedding(ZeroRouter.fromErrors(testErrTestLlm), testX));
        estimators.put("knn", byEmbedding(new KnnErrorEstimator(valX, valErrTestLlm, settings.knnNeighbours()), testX));
        estimators.put("kmeans", byEmbedding(new ClusterErrorEstimator(kmeansMap,
                kmeansMain.psi(FeatureVectors.memberships(kmeansMap, valX), valErrTestLlm)), testX));
        estimators.put("learned_map", byEmbedding(new ClusterErrorEstimator(learnedMap,
                learnedMain.psi(FeatureVectors.memberships(learnedMap, valX), valErrTestLlm)), testX));
        estimators.put("oracle", new OracleErrorEstimator(testErrTestLlm)::errorsOf);
        if (settings.newLlmPrompts().length > 0) {
            new NewLlmBudgets(new StratifiedPromptSelection(selectionSeed), settings.newLlmPrompts())
                    .estimators(kmeansMap, kmeansPrior, learnedMap, learnedPrior, valX, valErrTestLlm)
                    .forEach((name, estimator) -> estimators.put(name, byEmbedding(estimator, testX)));
        }

        // reference: the most accurate test LLM (QNC's target) and its cost
        int llms = split.testLlms().length;
        Map<String, double[]> singles = new LinkedHashMap<>();
        CostAccuracyPoint bestSingle = null;
        for (int h = 0; h < llms; h++) {
            CostAccuracyPoint p = LambdaSweep.single(h, testErrTestLlm, testCost);
            singles.put(modelNames.get(split.testLlms()[h]), new double[] {p.cost(), p.accuracy()});
            if (bestSingle == null || p.accuracy() > bestSingle.accuracy()
                    || (p.accuracy() == bestSingle.accuracy() && p.cost() < bestSingle.cost())) {
                bestSingle = p;
            }
        }

        double[] lambdas = LambdaSweep.defaultLambdas();
        Map<String, MethodResult> results = new LinkedHashMap<>();
        for (var e : estimators.entrySet()) {
            double[][] estimated = new double[testX.size()][];
            for (int i = 0; i < testX.size(); i++) {
                estimated[i] = e.getValue().apply(i);
            }
            DeferralCurve curve = DeferralCurve.of(LambdaSweep.points(estimated, testErrTestLlm, testCost, ruleCost, lambdas));
            double[] samples = new double[CURVE_SAMPLES];
            for (int s = 0; s < CURVE_SAMPLES; s++) {
                samples[s] = curve.accuracyAt(s / (double) (CURVE_SAMPLES - 1));
            }
            results.put(e.getKey(), new MethodResult(curve.area(), curve.area50(),
                    curve.qnc(bestSingle.accuracy(), bestSingle.cost()), curve.qnc(bestSingle.accuracy(), 1.0), samples));
        }
        List<String> testLlms = new ArrayList<>();
        for (int h : split.testLlms()) {
            testLlms.add(modelNames.get(h));
        }
        return new TrialResult(trial, k, testLlms, results, singles,
                Map.of("kmeans", kmeansPrior.priorStrength(), "learned_map", learnedPrior.priorStrength()));
    }

    private static IntFunction<double[]> byEmbedding(ErrorEstimator estimator, List<float[]> testX) {
        return i -> estimator.estimateErrors(testX.get(i));
    }

    static List<float[]> rows(List<float[]> all, int[] idx) {
        List<float[]> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(all.get(i));
        }
        return out;
    }

    static double[][] sub(double[][] m, int[] rows, int[] cols) {
        double[][] out = new double[rows.length][cols.length];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < cols.length; c++) {
                out[r][c] = m[rows[r]][cols[c]];
            }
        }
        return out;
    }

    /** Per-LLM mean over prompts, divided by the largest mean. */
    static double[] normalisedMeans(double[][] cost) {
        int llms = cost[0].length;
        double[] mean = new double[llms];
        for (double[] row : cost) {
            for (int h = 0; h < llms; h++) {
                mean[h] += row[h] / cost.length;
            }
        }
        double max = 0;
        for (double m : mean) {
            max = Math.max(max, m);
        }
        for (int h = 0; h < llms; h++) {
            mean[h] = max > 0 ? mean[h] / max : 0;
        }
        return mean;
    }

    /** Per-prompt costs divided by the largest per-LLM mean, so the most expensive LLM averages 1. */
    static double[][] normalised(double[][] cost) {
        int llms = cost[0].length;
        double[] mean = new double[llms];
        for (double[] row : cost) {
            for (int h = 0; h < llms; h++) {
                mean[h] += row[h] / cost.length;
            }
        }
        double max = 0;
        for (double m : mean) {
            max = Math.max(max, m);
        }
        double[][] out = new double[cost.length][llms];
        for (int i = 0; i < cost.length; i++) {
            for (int h = 0; h < llms; h++) {
                out[i][h] = max > 0 ? cost[i][h] / max : 0;
            }
        }
        return out;
    }
}
