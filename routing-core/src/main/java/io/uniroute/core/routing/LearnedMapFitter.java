package io.uniroute.core.routing;

import java.util.List;

/**
 * Fits UniRoute LearnedMap's θ ∈ R^{K×D}, so that Φ_k(x) = softmax_k(θ_kᵀ x) and
 * γ(x, h) = Φ(x)ᵀ Ψ(h) predicts err(h, x) for the training LLMs with the smallest log loss.
 *
 * <ul>
 *   <li>θ starts from the k-means centroids times a scale β (a centroid's dot products with unit
 *   prompts differ by a few hundredths, so an unscaled softmax is almost uniform); β is the value of
 *   {@link Options#initialScales()} with the lowest starting loss.</li>
 *   <li>Ψ of the training LLMs is computed from the validation prompts with the current soft map,
 *   exactly as it will be for a new LLM later ({@link FeatureVectors#psi}); it is refreshed before
 *   each step and held constant within it (block-coordinate descent).</li>
 *   <li>Full-batch Adam on the mean binary log loss; γ is clipped to [ε, 1 − ε].</li>
 * </ul>
 * New LLMs never refit θ: they enter through Ψ alone.
 */
public final class LearnedMapFitter {

    private static final double EPS = 1e-4;

    /** Adam settings and the candidate scales for the centroid start. */
    public record Options(int iterations, double learningRate, double[] initialScales) {
        public Options {
            if (iterations < 0 || !(learningRate > 0) || initialScales.length == 0) {
                throw new IllegalArgumentException("iterations >= 0, learningRate > 0 and at least one scale are required");
            }
            initialScales = initialScales.clone();
        }

        public static Options defaults() {
            return new Options(60, 0.02, new double[] {5, 10, 20, 40, 80});
        }
    }

    /** θ (one row per cluster, usable as a {@code softmax} ClusterMapSpec) and the loss before each step and at the end. */
    public record Fit(float[][] theta, double[] lossHistory) {
        public SoftmaxClusterMap map() {
            return new SoftmaxClusterMap(theta);
        }
    }

    private final Options options;

    public LearnedMapFitter(Options options) {
        this.options = options;
    }

    public LearnedMapFitter() {
        this(Options.defaults());
    }

    /**
     * @param centroids            k-means centroids of the training prompts (K × D)
     * @param trainEmbeddings      the training prompts
     * @param trainErrors          err[prompt][llm] of the training LLMs on them
     * @param validationEmbeddings the validation prompts Ψ is computed from
     * @param validationErrors     err[prompt][llm] of the same training LLMs on those
     */
    public Fit fit(float[][] centroids, List<float[]> trainEmbeddings, double[][] trainErrors,
            List<float[]> validationEmbeddings, double[][] validationErrors) {
        int k = centroids.length;
        int d = centroids[0].length;
        int llms = trainErrors.length == 0 ? 0 : trainErrors[0].length;
        if (trainEmbeddings.isEmpty() || trainEmbeddings.size() != trainErrors.length
                || validationEmbeddings.isEmpty() || validationEmbeddings.size() != validationErrors.length
                || llms == 0 || validationErrors[0].length != llms) {
            throw new IllegalArgumentException("need non-empty training and validation prompts with one error row each, for the same LLMs");
        }
        Problem train = new Problem(trainEmbeddings, trainErrors, k);
        Problem val = new Problem(validationEmbeddings, validationErrors, k);

        // θ kept transposed (D × K) so the inner loops run over clusters and vectorise
        float[][] thetaT = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (double scale : options.initialScales()) {
            float[][] candidate = new float[d][k];
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    candidate[j][c] = (float) (scale * centroids[c][j]);
                }
            }
            double loss = train.loss(candidate, val.psi(candidate));
            if (loss < bestLoss) {
                bestLoss = loss;
                thetaT = candidate;
            }
        }

        double[][] m = new double[d][k];
        double[][] v = new double[d][k];
        double[] history = new double[options.iterations() + 1];
        double beta1 = 0.9;
        double beta2 = 0.999;
        for (int t = 1; t <= options.iterations(); t++) {
            double[][] psi = val.psi(thetaT);
            float[][] grad = new float[d][k];
            history[t - 1] = train.lossAndGradient(thetaT, psi, grad);
            double lr = options.learningRate() * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
            for (int j = 0; j < d; j++) {
                for (int c = 0; c < k; c++) {
                    double g = grad[j][c];
                    m[j][c] = beta1 * m[j][c] + (1 - beta1) * g;
                    v[j][c] = beta2 * v[j][c] + (1 - beta2) * g * g;
                    thetaT[j][c] -= (float) (lr * m[j][c] / (Math.sqrt(v[j][c]) + 1e-8));
                }
            }
        }
        history[options.iterations()] = train.loss(thetaT, val.psi(thetaT));

        float[][] theta = new float[k][d];
        for (int j = 0; j < d; j++) {
            for (int c = 0; c < k; c++) {
                theta[c][j] = thetaT[j][c];
            }
        }
        return new Fit(theta, history);
    }

    /** A prompt set with its errors, and the softmax map's forward and backward pass over it. */
    private static final class Problem {
        private final List<float[]> x;
        private final double[][] errors;
        private final int k;

        Problem(List<float[]> x, double[][] errors, int k) {
            this.x = x;
            this.errors = errors;
            this.k = k;
        }

        double[] membership(float[][] thetaT, float[] xi) {
            float[] z = new float[k];
            for (int j = 0; j < xi.length; j++) {
                float xj = xi[j];
                float[] row = thetaT[j];
                for (int c = 0; c < k; c++) {
                    z[c] += xj * row[c];
                }
            }
            double[] logits = new double[k];
            for (int c = 0; c < k; c++) {
                logits[c] = z[c];
            }
            return SoftmaxClusterMap.softmax(logits);
        }

        double[][] psi(float[][] thetaT) {
            double[][] memberships = new double[x.size()][];
            for (int i = 0; i < x.size(); i++) {
                memberships[i] = membership(thetaT, x.get(i));
            }
            int llms = errors[0].length;
            double[][] psi = new double[llms][];
            double[] column = new double[x.size()];
            for (int h = 0; h < llms; h++) {
                for (int i = 0; i < x.size(); i++) {
                    column[i] = errors[i][h];
                }
                psi[h] = FeatureVectors.psiFromMemberships(memberships, column);
            }
            return psi;
        }

        double loss(float[][] thetaT, double[][] psi) {
            return lossAndGradient(thetaT, psi, null);
        }

        /** Mean log loss over (prompt, LLM); adds dLoss/dθᵀ into {@code grad} when it is not null. */
        double lossAndGradient(float[][] thetaT, double[][] psi, float[][] grad) {
            int llms = psi.length;
            double total = 0;
            double norm = 1.0 / ((double) x.size() * llms);
            float[] dz = new float[k];
            for (int i = 0; i < x.size(); i++) {
                float[] xi = x.get(i);
                double[] p = membership(thetaT, xi);
                double[] g = new double[k]; // dLoss/dΦ_k
                for (int h = 0; h < llms; h++) {
                    double gamma = 0;
                    for (int c = 0; c < k; c++) {
                        gamma += p[c] * psi[h][c];
                    }
                    double clipped = Math.min(1 - EPS, Math.max(EPS, gamma));
                    double e = errors[i][h];
                    total -= e * Math.log(clipped) + (1 - e) * Math.log(1 - clipped);
                    if (grad != null && clipped == gamma) {
                        double dGamma = -(e / gamma - (1 - e) / (1 - gamma)) * norm;
                        for (int c = 0; c < k; c++) {
                            g[c] += dGamma * psi[h][c];
                        }
                    }
                }
                if (grad == null) {
                    continue;
                }
                double mean = 0;
                for (int c = 0; c < k; c++) {
                    mean += p[c] * g[c];
                }
                for (int c = 0; c < k; c++) {
                    dz[c] = (float) (p[c] * (g[c] - mean)); // softmax Jacobian
                }
                for (int j = 0; j < xi.length; j++) {
                    float xj = xi[j];
                    float[] row = grad[j];
                    for (int c = 0; c < k; c++) {
                        row[c] += xj * dz[c];
                    }
                }
            }
            return total * norm;
        }
    }
}
