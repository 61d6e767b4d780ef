package io.uniroute.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

    private static JsonNode run(String llm, double[] zero, double[] knn) throws Exception {
        StringBuilder s = new StringBuilder("{\"per_trial\":[");
        for (int t = 0; t < zero.length; t++) {
            s.append(t == 0 ? "" : ",").append("{\"trial\":").append(t).append(",\"test_llms\":[\"").append(llm).append("\"]")
                    .append(",\"zero_router\":{\"area\":").append(zero[t]).append("}")
                    .append(",\"knn\":{\"area\":").append(knn[t]).append("}")
                    .append(",\"kmeans\":{\"area\":").append(knn[t]).append("}")
                    .append(",\"learned_map\":{\"area\":").append(knn[t]).append("}")
                    .append(",\"oracle\":{\"area\":").append(zero[t] + 0.1).append("}}");
        }
        return new ObjectMapper().readTree(s.append("]}").toString());
    }

    @Test
    void differencesArePairedByTrialOnTheMarginOverZeroRouter() throws Exception {
        JsonNode a = run("x", new double[] {0.5, 0.4, 0.6}, new double[] {0.52, 0.43, 0.61});
        // B: ZeroRouter moved by +0.01 in every trial (e.g. a templated copy's input cost), the margins by −0.01, 0, +0.02
        JsonNode b = run("x", new double[] {0.51, 0.41, 0.61}, new double[] {0.52, 0.44, 0.64});
        var knn = PairedComparison.compare(a, b).get(0);
        assertThat(knn.method()).isEqualTo("knn");
        assertThat(knn.diff().mean()).isCloseTo((-0.01 + 0 + 0.02) / 3, within(1e-12));
        assertThat(knn.below()).isEqualTo(1);
        assertThat(PairedComparison.compare(a, b).get(3).diff().mean()).isCloseTo(0, within(1e-12)); // oracle
        assertThat(PairedComparison.markdown(PairedComparison.compare(a, b), "a", "b")).contains("| K-NN | 3 | +0.0033 ± ");
    }

    @Test
    void runsOfOtherSplitsDoNotPair() throws Exception {
        JsonNode a = run("x", new double[] {0.5}, new double[] {0.52});
        assertThatThrownBy(() -> PairedComparison.compare(a, run("y", new double[] {0.5}, new double[] {0.52})))
                .hasMessageContaining("other test LLMs");
        assertThatThrownBy(() -> PairedComparison.compare(a, run("x", new double[] {0.5, 0.5}, new double[] {0.5, 0.5})))
                .hasMessageContaining("different trials");
    }
}
