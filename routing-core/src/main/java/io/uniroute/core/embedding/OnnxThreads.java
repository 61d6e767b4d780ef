package io.uniroute.core.embedding;

/**
 * How many ONNX Runtime threads one MiniLM run may use. Every setting gives the same embedding bit
 * for bit (measured over 600 prompts; {@code MiniLmIdentityTest} pins it): only the time changes.
 *
 * @param alone    intra-op threads of a run that starts while no other run is in flight (the latency
 *                 of a lone prompt: a quiet sidecar, the operator embedding a prompt set one by one)
 * @param busy     intra-op threads of a run that starts while others are in flight; 1 means each
 *                 worker computes on its own core, without a thread pool to hand work to
 * @param spinning whether idle intra-op threads spin waiting for work (ONNX Runtime's default):
 *                 on shared CPUs they burn the time the other workers need
 */
public record OnnxThreads(int alone, int busy, boolean spinning) {

    /** 0 lets ONNX Runtime choose: one thread per physical core. */
    public static final int RUNTIME_CHOICE = 0;

    public OnnxThreads {
        if (alone < 0 || busy < 0) {
            throw new IllegalArgumentException("intra-op threads must be >= 0 (0 = ONNX Runtime's choice), were "
                    + alone + " and " + busy);
        }
    }

    /**
     * The default: one thread per run, no spinning, one session. Measured on the project's 2 shared
     * CPUs (docs/performance.md, issue 13): a second intra-op thread did not make a lone 60-token
     * prompt faster (paired runs, p50 8.0 → 8.4 ms, p10 7.0 → 7.3 ms: these CPUs lack AVX2 and the
     * other core is rarely idle), and spinning threads cost up to half the throughput at 8 clients. Give
     * {@code whenAlone(2)} where a lone prompt can count on an idle second core.
     */
    public static OnnxThreads defaults() {
        return whenAlone(1);
    }

    /** {@code threads} for a lone run, one per run otherwise, no spinning. */
    public static OnnxThreads whenAlone(int threads) {
        return new OnnxThreads(Math.max(1, threads), 1, false);
    }

    /**
     * ONNX Runtime's own defaults, what every run used before issue 13: one thread per core for
     * every run, spinning. Kept for the side-by-side benchmarks.
     */
    public static OnnxThreads runtimeDefaults() {
        return new OnnxThreads(RUNTIME_CHOICE, RUNTIME_CHOICE, true);
    }

    /** Whether lone and concurrent runs differ (two sessions are needed). */
    boolean adaptive() {
        return alone != busy;
    }
}
