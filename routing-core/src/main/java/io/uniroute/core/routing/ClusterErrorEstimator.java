package io.uniroute.core.routing;

/** UniRoute's bilinear estimate γ(x, h) = Φ(x)ᵀ Ψ(h). */
public final class ClusterErrorEstimator implements ErrorEstimator {

    private final ClusterMap map;
    private final double[][] psi;

    /** @param psi one row per candidate LLM, K entries each */
    public ClusterErrorEstimator(ClusterMap map, double[][] psi) {
        for (double[] row : psi) {
            if (row.length != map.clusters()) {
                throw new IllegalArgumentException("Ψ has " + row.length + " entries, the map " + map.clusters() + " clusters");
            }
        }
        this.map = map;
        this.psi = psi;
    }

    @Override
    public double[] estimateErrors(float[] embedding) {
        return estimateErrors(map.membership(embedding));
    }

    /** γ from a membership already computed (Φ(x) is shared by every candidate). */
    public double[] estimateErrors(double[] membership) {
        double[] out = new double[psi.length];
        for (int h = 0; h < psi.length; h++) {
            double s = 0;
            for (int k = 0; k < membership.length; k++) {
                s += membership[k] * psi[h][k];
            }
            out[h] = s;
        }
        return out;
    }

    public ClusterMap map() {
        return map;
    }
}
