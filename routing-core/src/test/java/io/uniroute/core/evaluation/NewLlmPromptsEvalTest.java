package io.uniroute.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.uniroute.core.Fixtures;
import io.uniroute.core.embedding.MiniLmEmbedder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --new-llm-prompts} and {@code --psi-shrinkage} end to end on the fixture dataset, with the real embedder. */
class NewLlmPromptsEvalTest {

    @TempDir
    Path out;

    @TempDir
    Path cache;

    @Test
    void writesAreaAndMarginsPerBudgetWithAndWithoutShrinkage() throws Exception {
        EvalOptions options = EvalOptions.parse(new String[] {"--dataset", Fixtures.llmrouterSlice().toString(),
                "--trials", "3", "--seed", "5", "--k", "2", "--out", out.toString(), "--cache", cache.toString(),
                "--threads", "2", "--psi-shrinkage", "on", "--new-llm-prompts", "2", "--new-llm-prompts", "all"});
        assertThat(options.newLlmPrompts()).containsExactly(2, NewLlmBudgets.ALL);

        new EvalCommand(new MiniLmEmbedder(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(options, "test");

        JsonNode budgets = new ObjectMapper().readTree(out.resolve("new-llm-prompts.json").toFile()).get("budgets");
        for (String n : new String[] {"2", "all"}) {
            for (String m : new String[] {"kmeans@", "learned_map@"}) {
                for (String variant : new String[] {"", "+eb"}) {
                    JsonNode row = budgets.get(n).get(m + n + variant);
                    assertThat(row).as(m + n + variant).isNotNull();
                    assertThat(row.get("area").get("mean").asDouble()).isBetween(0.0, 1.0);
                }
            }
        }
        // with every validation prompt and shrinkage on, the budget row is the main K-Means row (shrunk too)
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        JsonNode perTrial = results.get("per_trial");
        assertThat(budgets.get("all").get("kmeans@all+eb").get("area").get("mean").asDouble())
                .isCloseTo(results.get("methods").get("kmeans").get("area").get("mean").asDouble(), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(perTrial).hasSize(3);
        String md = Files.readString(out.resolve("new-llm-prompts.md"));
        assertThat(md).contains("| 2 |").contains("| all |").contains("Fitted prior strength");
    }

    @Test
    void badBudgetOptionsAreRefused() {
        assertThatThrownBy(() -> EvalOptions.parse(new String[] {"--dataset", "x", "--new-llm-prompts", "0"}))
                .hasMessageContaining("--new-llm-prompts");
        assertThatThrownBy(() -> EvalOptions.parse(new String[] {"--dataset", "x", "--psi-shrinkage", "maybe"}))
                .hasMessageContaining("on or off");
    }
}
