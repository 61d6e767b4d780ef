package io.uniroute.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.uniroute.core.Fixtures;
import io.uniroute.core.embedding.CountingEmbedder;
import io.uniroute.core.embedding.MiniLmEmbedder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The evaluation end to end on the fixture dataset, with the real embedder. */
class EvalCommandTest {

    @TempDir
    Path out;

    @TempDir
    Path cache;

    @Test
    void writesResultsReportAndPlot() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        CountingEmbedder embedder = new CountingEmbedder(new MiniLmEmbedder());
        EvalCommand command = new EvalCommand(embedder, new PrintStream(progress, true, StandardCharsets.UTF_8));
        EvalOptions options = EvalOptions.parse(new String[] {"--dataset", Fixtures.llmrouterSlice().toString(),
                "--trials", "3", "--seed", "5", "--k", "auto", "--out", out.toString(), "--cache", cache.toString(),
                "--threads", "2"});

        command.run(options, "test");

        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(results.get("dataset").asText()).isEqualTo("llmrouter-slice");
        assertThat(results.get("trials").asInt()).isEqualTo(3);
        assertThat(results.get("per_trial")).hasSize(3);
        for (String m : TrialRunner.METHODS) {
            JsonNode method = results.get("methods").get(m);
            assertThat(method).as(m).isNotNull();
            for (String metric : new String[] {"area", "area50", "qnc"}) {
                double mean = method.get(metric).get("mean").asDouble();
                assertThat(mean).as(m + " " + metric).isBetween(0.0, 1.0);
                assertThat(method.get(metric).get("stderr").asDouble()).isGreaterThanOrEqualTo(0.0);
            }
        }
        // the oracle bounds every router from above
        double oracle = results.get("methods").get("oracle").get("area").get("mean").asDouble();
        for (String m : TrialRunner.METHODS) {
            assertThat(results.get("methods").get(m).get("area").get("mean").asDouble()).isLessThanOrEqualTo(oracle);
        }

        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("| ZeroRouter |", "| K-NN |", "| UniRoute K-Means |", "| UniRoute LearnedMap |",
                "| Oracle |", "output = 256 tokens assumed", "Paired per-trial margins", "against K-NN", "Single LLMs as reference points");
        assertThat(results.get("methods").get("kmeans").get("margin_vs_knn").get("area").has("stderr")).isTrue();

        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("deferral-curve.svg").toFile());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg.getElementsByTagName("polyline").getLength()).isEqualTo(5);
        assertThat(Files.readString(out.resolve("deferral-curve.svg"))).contains("UniRoute LearnedMap", "accuracy", "cost");

        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("embedding 56/56", "trial 3/3 done");
        assertThat(embedder.textsEmbedded()).isEqualTo(56);

        // a second run reads the embeddings from the disk cache
        command.run(options, "test");
        assertThat(embedder.textsEmbedded()).isEqualTo(56);
    }

    /**
     * A templated copy (builtin preamble and suffix) with the strip on: each trial finds the template
     * in its training prompts and embeds exactly the plain prompts, read from the plain run's disk
     * cache; with the strip off the whole templated prompts are embedded.
     */
    @Test
    void theTemplateFoundInTheTrainingPromptsIsStrippedBeforeEmbedding() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        CountingEmbedder embedder = new CountingEmbedder(new MiniLmEmbedder());
        EvalCommand command = new EvalCommand(embedder, new PrintStream(progress, true, StandardCharsets.UTF_8));
        String[] common = {"--dataset", Fixtures.llmrouterSlice().toString(), "--trials", "3", "--seed", "5", "--k", "3",
                "--out", out.toString(), "--cache", cache.toString(), "--threads", "2"};
        command.run(EvalOptions.parse(common), "plain");
        assertThat(embedder.textsEmbedded()).isEqualTo(56);
        assertThat(new ObjectMapper().readTree(out.resolve("results.json").toFile()).get("settings").get("embedder").asText())
                .contains("no template found in 3 of 3 trials");

        String preamble = TemplatedDataset.preamble("builtin");
        String suffix = TemplatedDataset.suffix("builtin");
        assertThat(suffix.length()).isGreaterThanOrEqualTo(1_500);
        command.run(EvalOptions.parse(concat(common, "--template-preamble", "builtin", "--template-suffix", "builtin")), "strip");
        assertThat(embedder.textsEmbedded()).as("the stripped prompts are the plain ones: all from the disk cache").isEqualTo(56);
        String settings = new ObjectMapper().readTree(out.resolve("results.json").toFile()).get("settings").get("embedder").asText();
        assertThat(settings).contains("template stripped: prefix " + (preamble.length() + 2) + " chars, suffix "
                + (suffix.length() + 2) + " chars in 3 of 3 trials");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("template found in the training prompts");

        // the control: costed as the plain prompts too, the templated copy with its template stripped routes exactly as plain
        command.run(EvalOptions.parse(concat(common, "--template-preamble", "builtin", "--template-suffix", "builtin",
                "--template-cost", "plain", "--out", out.resolve("control").toString())), "control");
        command.run(EvalOptions.parse(concat(common, "--out", out.resolve("plain").toString())), "plain again");
        JsonNode control = new ObjectMapper().readTree(out.resolve("control/results.json").toFile()).get("per_trial");
        JsonNode plainTrials = new ObjectMapper().readTree(out.resolve("plain/results.json").toFile()).get("per_trial");
        assertThat(control).isEqualTo(plainTrials);
        assertThat(embedder.textsEmbedded()).isEqualTo(56);

        command.run(EvalOptions.parse(concat(common, "--template-preamble", "builtin", "--template-suffix", "builtin",
                "--template-strip", "off")), "no strip");
        assertThat(embedder.textsEmbedded()).isEqualTo(112);
        assertThat(Files.readString(out.resolve("report.md"))).contains("template strip off");
        assertThatThrownBy(() -> EvalOptions.parse(concat(common, "--template-strip", "maybe")))
                .hasMessageContaining("--template-strip must be on or off");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void badOptionsAreClearErrors() {
        assertThatThrownBy(() -> EvalOptions.parse(new String[] {"--trials", "3"})).hasMessageContaining("--dataset DIR is required");
        assertThatThrownBy(() -> EvalOptions.parse(new String[] {"--dataset", "x", "--k", "many"}))
                .hasMessageContaining("--k must be an integer");
        assertThatThrownBy(() -> EvalOptions.parse(new String[] {"--dataset", "x", "--trials", "0"}))
                .hasMessageContaining("--trials must be a positive integer");
        assertThatThrownBy(() -> EvalOptions.parse(new String[] {"--dataset", "x", "--frobnicate", "1"}))
                .hasMessageContaining("unknown option --frobnicate");
        assertThatThrownBy(() -> EvalOptions.parse(new String[] {"--dataset"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> EvalOptions.parse(new String[] {"--dataset", "x", "--k-psi", "test"}))
                .hasMessageContaining("--k-psi must be validation or training");
        assertThat(EvalOptions.parse(new String[] {"--dataset", "x", "--k", "auto"}).k()).isZero();
        assertThat(EvalOptions.parse(new String[] {"--dataset", "x", "--k-psi", "training"}).kSelection())
                .isEqualTo(TrialRunner.KSelectionData.PSI_FROM_TRAINING);
    }
}
