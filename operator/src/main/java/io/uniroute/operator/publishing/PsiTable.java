package io.uniroute.operator.publishing;

import io.uniroute.core.routing.ClusterMap;
import io.uniroute.core.routing.FeatureVectors;
import io.uniroute.core.routing.PsiShrinkage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Ψ of each routable backend from its own graded prompts only (a budget or ungraded answers leave
 * gaps), shrunk toward the backend's overall error with an empirical-Bayes prior whose strength is
 * fitted on all the routable backends' labels ({@link PsiShrinkage}): a cluster measured on a few
 * prompts moves only part of the way from the backend's overall error.
 */
final class PsiTable {

    private PsiTable() {
    }

    /** The prior strength fitted on these backends' graded prompts. */
    static PsiShrinkage prior(ClusterMap map, List<float[]> vectors, List<ProfiledBackend> backends) {
        Labels l = labels(FeatureVectors.memberships(map, vectors), backends, null);
        return PsiShrinkage.fit(l.memberships, l.errors);
    }

    /**
     * @param among Ψ from these prompts only (e.g. not held out); null for all
     * @param prior the shrinkage ({@link #prior}, frozen with the map fit)
     * @return one Ψ row per backend
     */
    static double[][] psi(ClusterMap map, List<float[]> vectors, List<ProfiledBackend> backends, boolean[] among, PsiShrinkage prior) {
        Labels l = labels(FeatureVectors.memberships(map, vectors), backends, among);
        double[][] psi = new double[backends.size()][];
        for (int h = 0; h < backends.size(); h++) {
            psi[h] = l.errors.get(h).length == 0 ? new double[map.clusters()] : prior.psi(l.memberships.get(h), l.errors.get(h));
        }
        return psi;
    }

    private record Labels(List<double[][]> memberships, List<double[]> errors) {
    }

    private static Labels labels(double[][] all, List<ProfiledBackend> backends, boolean[] among) {
        List<double[][]> memberships = new ArrayList<>();
        List<double[]> errors = new ArrayList<>();
        for (ProfiledBackend b : backends) {
            BitSet use = (BitSet) b.graded().clone();
            if (among != null) {
                for (int i = use.nextSetBit(0); i >= 0; i = use.nextSetBit(i + 1)) {
                    if (i >= among.length || !among[i]) {
                        use.clear(i);
                    }
                }
            }
            double[][] m = new double[use.cardinality()][];
            double[] e = new double[m.length];
            int j = 0;
            for (int i = use.nextSetBit(0); i >= 0 && i < all.length; i = use.nextSetBit(i + 1), j++) {
                m[j] = all[i];
                e[j] = b.correct().get(i) ? 0 : 1;
            }
            memberships.add(m);
            errors.add(e);
        }
        return new Labels(memberships, errors);
    }

    /** Prompts every backend has a bit for: where backends can be compared prompt by prompt. */
    static boolean[] gradedByAll(List<ProfiledBackend> backends, int prompts) {
        boolean[] out = new boolean[prompts];
        for (int i = 0; i < prompts; i++) {
            boolean all = true;
            for (ProfiledBackend b : backends) {
                all &= b.graded().get(i);
            }
            out[i] = all;
        }
        return out;
    }
}
