package io.uniroute.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.core.routing.KSelection;
import io.uniroute.core.routing.LearnedMapFitter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The case: every prompt gets the same embedding (a long shared preamble and a truncating
 * embedder) while the recorded errors differ. The oracle must still answer each test prompt with its
 * own recorded errors, so its Area bounds every router's.
 */
class OracleByPromptTest {

    @Test
    void theOracleAnswersEachPromptEvenWhenAllEmbeddingsAreEqual() {
        int prompts = 300;
        int llms = 6;
        Random r = new Random(11);
        float[] same = {1f, 0f, 0f};
        List<float[]> embeddings = new ArrayList<>(Collections.nCopies(prompts, same));
        double[][] errors = new double[prompts][llms];
        double[][] costs = new double[prompts][llms];
        for (int i = 0; i < prompts; i++) {
            for (int h = 0; h < llms; h++) {
                errors[i][h] = r.nextDouble() < 0.3 + 0.1 * h ? 1 : 0; // cheaper LLMs are better here
                costs[i][h] = 1.0 + h;
            }
        }
        List<String> models = List.of("a", "b", "c", "d", "e", "f");
        TrialRunner runner = new TrialRunner(models, embeddings, errors, costs, new TrialRunner.Settings(1,
                KSelection.DEFAULT_GRID, 10, LearnedMapFitter.Options.defaults(), TrialRunner.KSelectionData.PSI_FROM_VALIDATION));

        for (int trial = 0; trial < 3; trial++) {
            TrialResult result = runner.run(trial, 100 + trial);
            double oracle = result.methods().get("oracle").area();
            for (String m : TrialRunner.METHODS) {
                assertThat(result.methods().get(m).area()).as(m + " in trial " + trial).isLessThanOrEqualTo(oracle);
            }
            // with λ → 0 the oracle picks a right LLM whenever a test LLM is right on the prompt
            assertThat(oracle).isGreaterThan(result.methods().get("zero_router").area());
            var report = new EvalReport(new EvalReport.RunInfo("equal-embeddings", prompts, models, "test", "test", "1", 10,
                    trial, "test", 0), List.of(result));
            assertThat(report.invalidity()).isEmpty();
            assertThat(report.markdown()).doesNotContain("INVALID");
        }
    }

    @Test
    void aReportWhoseOracleIsBeatenSaysTheRunIsInvalid() {
        double[] curve = new double[TrialRunner.CURVE_SAMPLES];
        var methods = new java.util.LinkedHashMap<String, MethodResult>();
        for (String m : TrialRunner.METHODS) {
            methods.put(m, new MethodResult(m.equals("oracle") ? 0.5 : m.equals("knn") ? 0.6 : 0.4, 0.4, 0.5, 0.5, curve));
        }
        var report = new EvalReport(new EvalReport.RunInfo("d", 10, List.of("a", "b", "c"), "e", "c", "1", 10, 1, "cmd", 0),
                List.of(new TrialResult(0, 1, List.of("a"), methods, java.util.Map.of())));
        assertThat(report.invalidity()).hasValueSatisfying(why -> assertThat(why).contains("K-NN 0.6000", "0.5000"));
        assertThat(report.markdown()).contains("**INVALID RUN**");
    }
}
