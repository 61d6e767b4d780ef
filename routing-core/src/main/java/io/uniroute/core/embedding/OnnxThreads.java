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
     * The default: a lone run may use up to 2 threads (the CPUs there are, if fewer), concurrent runs
     * one each, and no spinning.
     */
    public static OnnxThreads defaults() {
        return whenAlone(Math.min(2, Runtime.getRuntime().availableProcessors()));
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
