package io.uniroute.core.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * Empirical-Bayes Ψ: each LLM's per-cluster error is shrunk toward its overall error,
 * Ψ_k(h) = (Σ_x Φ_k(x)·err(h, x) + m·p(h)) / (Σ_x Φ_k(x) + m), i.e. the posterior mean under a
 * Beta(m·p(h), m·(1 − p(h))) prior on the cluster's error rate. A cluster measured on a handful of
 * prompts then moves only part of the way from p(h); one measured on many keeps its own mean.
 *
 * <p>The prior strength m is not hand-set: {@link #fit} estimates it from LLMs whose labels we have
 * (the training LLMs) by the beta-binomial method of moments. Under the prior, a cluster mean ŷ_k
 * from n_k prompts has E[(ŷ_k − p)²] = p(1 − p)·(ρ + (1 − ρ)/n_k) with ρ = 1/(m + 1), so ρ is the
 * pooled excess of the observed spread over binomial noise: ρ = Σ(S − A) / Σ(C − A) over LLMs, with
 * S = Σ_k (ŷ_k − p)²/(p(1 − p)), A = Σ_k 1/n_k, C the number of clusters counted. Soft memberships
 * use the effective count n = (Σ Φ)² / Σ Φ².
 */
public record PsiShrinkage(double priorStrength) {

    /** No shrinkage: Ψ is the plain per-cluster mean ({@link FeatureVectors#psiFromMemberships}). */
    public static final PsiShrinkage NONE = new PsiShrinkage(0);

    /** Clusters with fewer effective prompts say almost nothing about the spread and are left out of the fit. */
    static final double MIN_EFFECTIVE_COUNT = 2;
    /** ρ is clamped to [MIN_RHO, 1], so m stays finite (≤ 999 pseudo-prompts) when clusters look identical. */
    static final double MIN_RHO = 1e-3;

    public PsiShrinkage {
        if (!(priorStrength >= 0) || Double.isInfinite(priorStrength)) {
            throw new IllegalArgumentException("prior strength must be finite and >= 0, was " + priorStrength);
        }
    }

    /**
     * Fits m on labelled LLMs.
     *
     * @param memberships Φ(x) of each labelled prompt ([prompt][cluster])
     * @param errors      err[prompt][llm] of the LLMs the prior is learnt from
     */
    public static PsiShrinkage fit(double[][] memberships, double[][] errors) {
        if (memberships.length != errors.length || errors.length == 0) {
            throw new IllegalArgumentException("need one error row per prompt, and at least one prompt");
        }
        int llms = errors[0].length;
        List<double[][]> m = new ArrayList<>();
        List<double[]> e = new ArrayList<>();
        for (int h = 0; h < llms; h++) {
            double[] column = new double[errors.length];
            for (int i = 0; i < column.length; i++) {
                column[i] = errors[i][h];
            }
            m.add(memberships);
            e.add(column);
        }
        return fit(m, e);
    }

    /**
     * Fits m on LLMs labelled on different prompts (a profiling budget, ungraded answers): LLM h
     * contributes {@code errors.get(h)} on prompts with memberships {@code memberships.get(h)}.
     */
    public static PsiShrinkage fit(List<double[][]> memberships, List<double[]> errors) {
        if (memberships.size() != errors.size()) {
            throw new IllegalArgumentException(memberships.size() + " membership sets but " + errors.size() + " error sets");
        }
        double numerator = 0;
        double denominator = 0;
        for (int h = 0; h < errors.size(); h++) {
            double[][] rows = memberships.get(h);
            double[] err = errors.get(h);
            if (rows.length != err.length) {
                throw new IllegalArgumentException("LLM " + h + ": " + rows.length + " prompts but " + err.length + " errors");
            }
            if (err.length == 0) {
                continue;
            }
            int k = rows[0].length;
            double[] weighted = new double[k];
            double[] mass = new double[k];
            double[] squares = new double[k];
            double p = 0;
            for (int i = 0; i < err.length; i++) {
                p += err[i];
                for (int c = 0; c < k; c++) {
                    double w = rows[i][c];
                    weighted[c] += w * err[i];
                    mass[c] += w;
                    squares[c] += w * w;
                }
            }
            p /= err.length;
            double variance = p * (1 - p);
            if (variance < 1e-9) {
                continue; // always right or always wrong: no spread to learn from
            }
            double s = 0;
            double a = 0;
            int counted = 0;
            for (int c = 0; c < k; c++) {
                if (squares[c] <= 0) {
                    continue;
                }
                double n = mass[c] * mass[c] / squares[c];
                if (n < MIN_EFFECTIVE_COUNT) {
                    continue;
                }
                double d = weighted[c] / mass[c] - p;
                s += d * d / variance;
                a += 1 / n;
                counted++;
            }
            numerator += s - a;
            denominator += counted - a;
        }
        if (denominator <= 0) {
            return NONE; // nothing measured twice: no evidence for a prior
        }
        double rho = Math.max(MIN_RHO, Math.min(1, numerator / denominator));
        return new PsiShrinkage(1 / rho - 1);
    }

    /** Fits m on the prompts' hard or soft memberships under {@code map}. */
    public static PsiShrinkage fit(ClusterMap map, List<float[]> embeddings, double[][] errors) {
        return fit(FeatureVectors.memberships(map, embeddings), errors);
    }

    /** Ψ of one LLM from its errors on the profiled prompts; an empty cluster takes the overall error. */
    public double[] psi(double[][] memberships, double[] errors) {
        double[] raw = FeatureVectors.psiFromMemberships(memberships, errors);
        if (priorStrength == 0) {
            return raw;
        }
        double overall = 0;
        for (double e : errors) {
            overall += e;
        }
        overall /= errors.length;
        int k = raw.length;
        double[] mass = new double[k];
        for (double[] m : memberships) {
            for (int c = 0; c < k; c++) {
                mass[c] += m[c];
            }
        }
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            out[c] = (raw[c] * mass[c] + priorStrength * overall) / (mass[c] + priorStrength);
        }
        return out;
    }

    /** Ψ of every LLM (a column of err[prompt][llm] each). */
    public double[][] psi(double[][] memberships, double[][] errors) {
        int llms = errors[0].length;
        double[][] out = new double[llms][];
        double[] column = new double[errors.length];
        for (int h = 0; h < llms; h++) {
            for (int i = 0; i < column.length; i++) {
                column[i] = errors[i][h];
            }
            out[h] = psi(memberships, column);
        }
        return out;
    }
}
