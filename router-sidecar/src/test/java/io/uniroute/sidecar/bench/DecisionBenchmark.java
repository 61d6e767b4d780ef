package io.uniroute.sidecar.bench;

import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.core.table.RoutingTableJson;
import io.uniroute.sidecar.routing.Decision;
import io.uniroute.sidecar.routing.PromptEmbeddings;
import io.uniroute.sidecar.routing.RouteDecider;
import io.uniroute.sidecar.table.LoadedTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routing decision of the sidecar, on a production-sized table (llmrouter: 9 LLMs, k = 20):
 * the decision alone (Φ, γ, ranking), with an embedding cache hit, and with a real MiniLM
 * embedding of a prompt not seen before. Run by bench/sidecar/run.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {

    private LoadedTable table;
    private MiniLmEmbedder embedder;
    private PromptEmbeddings cached;
    private List<String> prompts;
    private List<String> shortPrompts;
    private int nextShort;
    private float[] embedding;
    private int next;

    @Setup
    public void setUp() {
        embedder = new MiniLmEmbedder();
        cached = new PromptEmbeddings(embedder, 10_000, 1, Duration.ofSeconds(60));
        var built = BenchTables.build(embedder, 400, 200, 20, "http://127.0.0.1:1/v1");
        String json = new RoutingTableJson().write(built.table());
        table = LoadedTable.of("bench", RoutingTableJson.sha256(json), new RoutingTableJson().read(json), Map.of());
        prompts = built.trafficPrompts();
        shortPrompts = prompts.stream().filter(p -> p.length() <= 200).toList();
        embedding = embedder.embed(prompts.get(0));
        cached.embed(prompts.get(0)).join();
    }

    @TearDown
    public void tearDown() {
        cached.close();
    }

    @Benchmark
    public Decision decisionOnly() {
        return RouteDecider.decide(table, embedding, 0.2, Double.POSITIVE_INFINITY, Set.of());
    }

    @Benchmark
    public Decision cachedEmbeddingAndDecision() {
        // the sidecar's cache-hit path, as on the event loop: SHA-256 of the text and a Caffeine lookup
        return RouteDecider.decide(table, cached.cached(prompts.get(0)).orElseThrow(), 0.2, Double.POSITIVE_INFINITY, Set.of());
    }

    /** A different real prompt each call: the embedding is computed (what a new prompt costs). */
    @Benchmark
    public Decision embeddingAndDecision() {
        String prompt = prompts.get(next++ % prompts.size());
        return RouteDecider.decide(table, embedder.embed(prompt), 0.2, Double.POSITIVE_INFINITY, Set.of());
    }

    /** The same with prompts of at most 200 characters (the dataset's median is 111). */
    @Benchmark
    public Decision embeddingAndDecisionShortPrompt() {
        String prompt = shortPrompts.get(nextShort++ % shortPrompts.size());
        return RouteDecider.decide(table, embedder.embed(prompt), 0.2, Double.POSITIVE_INFINITY, Set.of());
    }
}
