package io.uniroute.core.bench;

import dev.langchain4j.model.embedding.onnx.HuggingFaceTokenCountEstimator;
import io.uniroute.core.embedding.MiniLmEmbedder;
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
 * One embedding with the default embedder (all-MiniLM-L6-v2 quantized, in-process ONNX) of a prompt
 * of plain English grown word by word until the BERT word-piece tokenizer (MiniLM's vocabulary)
 * counts {@code tokens} tokens. The model's segment limit is 510 tokens; the library splits longer
 * text and averages the parts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EmbeddingBenchmark {

    private static final String[] WORDS = ("the a model answer question which what when route cost cheap large small "
            + "prompt user system number value table cluster error feature vector city river country history science "
            + "energy water light music language program function list return sort search tree graph path network "
            + "price market reason because therefore however example explain describe compare result").split(" ");

    @Param({"512", "16"})
    public int tokens;

    private MiniLmEmbedder embedder;
    private String prompt;

    @Setup
    public void setUp() {
        embedder = new MiniLmEmbedder();
        HuggingFaceTokenCountEstimator tokenizer = new HuggingFaceTokenCountEstimator();
        Random r = new Random(7);
        StringBuilder s = new StringBuilder();
        for (int i = 0; tokenizer.estimateTokenCountInText(s.toString()) < tokens; i++) {
            s.append(WORDS[r.nextInt(WORDS.length)]).append(i % 15 == 14 ? ". " : " ");
        }
        prompt = s.toString().trim();
    }

    @Benchmark
    public float[] embed() {
        return embedder.embed(prompt);
    }
}
