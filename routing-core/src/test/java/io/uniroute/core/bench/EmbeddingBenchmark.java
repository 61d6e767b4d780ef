package io.uniroute.core.bench;

import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.core.embedding.TextWindow;
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
 * One embedding by MiniLmEmbedder (all-MiniLM-L6-v2 quantized, in-process ONNX) with each candidate
 * text window, of a prompt of plain English of {@code words} words (100 words are about 110 word
 * pieces). The window bounds the model's input: head/tail-N read at most N tokens, pool-NxW up to W
 * windows of N.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EmbeddingBenchmark {

    private static final String[] WORDS = ("the a model answer question which what when route cost cheap large small "
            + "prompt user system number value table cluster error feature vector city river country history science "
            + "energy water light music language program function list return sort search tree graph path network "
            + "price market reason because therefore however example explain describe compare result").split(" ");

    @Param({"head-128", "tail-128", "tail-256", "tail-512", "headtail-32-256", "pool-128x4"})
    public String window;

    @Param({"100", "300", "1000"})
    public int words;

    private MiniLmEmbedder embedder;
    private String prompt;

    @Setup
    public void setUp() {
        embedder = new MiniLmEmbedder(TextWindow.parse(window));
        Random r = new Random(7);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words; i++) {
            s.append(WORDS[r.nextInt(WORDS.length)]).append(i % 15 == 14 ? ". " : " ");
        }
        prompt = s.toString().trim();
    }

    @Benchmark
    public float[] embed() {
        return embedder.embed(prompt);
    }
}
