package io.uniroute.core.bench;

import io.uniroute.core.embedding.Vectors;
import io.uniroute.core.routing.ClusterErrorEstimator;
import io.uniroute.core.routing.ClusterMap;
import io.uniroute.core.routing.CostAwareRule;
import io.uniroute.core.routing.NearestCentroidMap;
import io.uniroute.core.routing.SoftmaxClusterMap;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One routing decision as the sidecar makes it, given the prompt's embedding: Φ(x) over K = 100
 * clusters of 384-d vectors, γ = Φ(x)ᵀΨ for 100 LLMs, and argmin γ + λc. The embedding itself is
 * {@link EmbeddingBenchmark}'s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoutingDecisionBenchmark {

    @Param({"nearest-centroid", "softmax"})
    public String map;

    @Param({"100"})
    public int llms;

    @Param({"100"})
    public int clusters;

    private ClusterErrorEstimator estimator;
    private double[] costs;
    private float[][] prompts;
    private int next;

    @Setup
    public void setUp() {
        Random r = new Random(1);
        int d = 384;
        float[][] vectors = new float[clusters][];
        for (int k = 0; k < clusters; k++) {
            vectors[k] = randomUnit(r, d);
        }
        if (map.equals("softmax")) {
            for (float[] v : vectors) {
                for (int j = 0; j < d; j++) {
                    v[j] *= 20; // θ is a scaled centroid, as LearnedMapFitter starts it
                }
            }
        }
        ClusterMap clusterMap = map.equals("softmax") ? new SoftmaxClusterMap(vectors) : new NearestCentroidMap(vectors);
        double[][] psi = new double[llms][clusters];
        costs = new double[llms];
        for (int h = 0; h < llms; h++) {
            for (int k = 0; k < clusters; k++) {
                psi[h][k] = r.nextDouble();
            }
            costs[h] = r.nextDouble();
        }
        estimator = new ClusterErrorEstimator(clusterMap, psi);
        prompts = new float[64][];
        for (int i = 0; i < prompts.length; i++) {
            prompts[i] = randomUnit(r, d);
        }
    }

    private static float[] randomUnit(Random r, int d) {
        float[] v = new float[d];
        for (int j = 0; j < d; j++) {
            v[j] = (float) r.nextGaussian();
        }
        return Vectors.normalized(v);
    }

    @Benchmark
    public int route() {
        float[] x = prompts[next++ & 63];
        return CostAwareRule.choose(estimator.estimateErrors(x), costs, 0.3);
    }
}
