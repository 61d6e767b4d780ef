package io.uniroute.sidecar.bench;

import io.uniroute.core.dataset.PromptRecord;
import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.core.embedding.OnnxThreads;
import io.uniroute.core.embedding.TextWindow;
import io.uniroute.replay.datasets.BundledDatasets;
import io.uniroute.sidecar.routing.PromptEmbeddings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The throughput and latency of new prompts through the sidecar's own path ({@link PromptEmbeddings}:
 * SHA-256, cache miss, the worker pool, MiniLM with the default tail-256 window) at 1 and 8 calling
 * threads, with ONNX Runtime's own thread settings (as before issue 13), with today's
 * {@link OnnxThreads#defaults()} and with two threads for a lone run, in one run. Each call is a new prompt of 250 characters (≈ 60 word
 * pieces) from the bundled llmrouter-mini set with a unique tail, so it is never cached; the wait
 * bound is large, so every call is a real embedding (none is skipped by the overload rule).
 * Run: {@code bench/sidecar/run.sh newprompt}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(1)
public class NewPromptBenchmark {

    static final int PROMPT_CHARS = 250;

    /** {@code runtime-defaults}: before issue 13; {@code default}: today's (one thread, no spinning); {@code two-when-alone}. */
    @Param({"runtime-defaults", "default", "two-when-alone"})
    public String onnxThreads;

    private PromptEmbeddings embeddings;
    private List<String> prompts;
    private final AtomicLong unique = new AtomicLong();

    @Setup
    public void setUp() {
        OnnxThreads threads = switch (onnxThreads) {
            case "runtime-defaults" -> OnnxThreads.runtimeDefaults();
            case "two-when-alone" -> OnnxThreads.whenAlone(2);
            default -> OnnxThreads.defaults();
        };
        embeddings = new PromptEmbeddings(new MiniLmEmbedder(TextWindow.DEFAULT, threads), 10_000,
                Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(60));
        prompts = BundledDatasets.llmrouterMini().prompts().stream().map(PromptRecord::prompt).toList();
    }

    @TearDown
    public void tearDown() {
        embeddings.close();
    }

    @Benchmark
    @Threads(1)
    public PromptEmbeddings.Lookup oneClient() {
        return newPrompt();
    }

    @Benchmark
    @Threads(8)
    public PromptEmbeddings.Lookup eightClients() {
        return newPrompt();
    }

    private PromptEmbeddings.Lookup newPrompt() {
        long n = unique.incrementAndGet();
        PromptEmbeddings.Lookup lookup = embeddings.embed(
                SidecarLoadBench.ofLength(prompts, (int) (n % prompts.size()), n, PROMPT_CHARS)).join();
        if (!lookup.found()) {
            throw new IllegalStateException("no embedding: " + lookup.missing());
        }
        return lookup;
    }
}
