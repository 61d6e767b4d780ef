package io.uniroute.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PsiShrinkageTest {

    /** Prompts of K clusters, n each, for LLMs whose per-cluster error is p ± uniform(spread). */
    private record Drawn(double[][] memberships, double[][] errors, double[][] trueRates) {
    }

    private static Drawn draw(int k, int n, double[] p, double spread, long seed) {
        Random r = new Random(seed);
        double[][] rates = new double[p.length][k];
        for (int h = 0; h < p.length; h++) {
            for (int c = 0; c < k; c++) {
                rates[h][c] = p[h] + (2 * r.nextDouble() - 1) * spread;
            }
        }
        double[][] m = new double[k * n][k];
        double[][] e = new double[k * n][p.length];
        for (int c = 0, i = 0; c < k; c++) {
            for (int j = 0; j < n; j++, i++) {
                m[i][c] = 1;
                for (int h = 0; h < p.length; h++) {
                    e[i][h] = r.nextDouble() < rates[h][c] ? 1 : 0;
                }
            }
        }
        return new Drawn(m, e, rates);
    }

    @Test
    void thePriorStrengthIsRecoveredFromTheSpreadBetweenClusters() {
        // rates 0.5 ± U(0.3): between-cluster variance 0.03 = ρ·0.25, so ρ = 0.12 and m = 1/ρ − 1 ≈ 7.3
        Drawn d = draw(400, 20, new double[] {0.5, 0.5, 0.5}, 0.3, 11);
        assertThat(PsiShrinkage.fit(d.memberships(), d.errors()).priorStrength()).isBetween(5.5, 9.5);
    }

    @Test
    void clustersThatDoNotDifferGiveAStrongPrior() {
        Drawn d = draw(200, 20, new double[] {0.3, 0.6}, 0.0, 5);
        assertThat(PsiShrinkage.fit(d.memberships(), d.errors()).priorStrength()).isGreaterThan(100);
    }

    @Test
    void shrunkPsiIsThePosteriorMeanTowardTheOverallError() {
        double[][] memberships = {{1, 0}, {1, 0}, {0, 1}, {0, 1}, {0, 1}, {0, 1}};
        double[] errors = {1, 1, 0, 0, 0, 1};
        // overall 3/6 = 0.5; m = 2: Ψ_0 = (2 + 2·0.5) / (2 + 2) = 0.75, Ψ_1 = (1 + 1) / (4 + 2) = 1/3
        assertThat(new PsiShrinkage(2).psi(memberships, errors)).containsExactly(new double[] {0.75, 1.0 / 3}, within(1e-12));
        assertThat(PsiShrinkage.NONE.psi(memberships, errors))
                .containsExactly(FeatureVectors.psiFromMemberships(memberships, errors), within(1e-12));
    }

    @Test
    void withFewPromptsPerClusterTheFittedShrinkageIsCloserToTheTruth() {
        // the prior learnt on "training" LLMs with many prompts, applied to a "new" LLM seen on 3 per cluster
        Drawn training = draw(50, 40, new double[] {0.3, 0.5, 0.7}, 0.2, 21);
        PsiShrinkage prior = PsiShrinkage.fit(training.memberships(), training.errors());
        Drawn fresh = draw(50, 3, new double[] {0.45}, 0.2, 22);
        double[] column = new double[fresh.errors().length];
        for (int i = 0; i < column.length; i++) {
            column[i] = fresh.errors()[i][0];
        }
        double rawError = squaredError(PsiShrinkage.NONE.psi(fresh.memberships(), column), fresh.trueRates()[0]);
        double shrunkError = squaredError(prior.psi(fresh.memberships(), column), fresh.trueRates()[0]);
        assertThat(shrunkError).isLessThan(0.6 * rawError);
    }

    private static double squaredError(double[] estimate, double[] truth) {
        double s = 0;
        for (int i = 0; i < truth.length; i++) {
            s += (estimate[i] - truth[i]) * (estimate[i] - truth[i]);
        }
        return s / truth.length;
    }
}
