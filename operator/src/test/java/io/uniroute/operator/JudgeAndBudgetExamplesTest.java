package io.uniroute.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.promptset.PromptSetResolver;
import io.uniroute.operator.promptset.ResolvedPromptSet;
import io.uniroute.operator.testing.Examples;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** examples/judge.yaml and examples/budget-policy.yaml read as the classes expect and resolve. */
class JudgeAndBudgetExamplesTest {

    @Test
    void theJudgeExampleResolvesWithOpenEndedAndReferenceEntries() throws Exception {
        PromptSet ps = document("judge.yaml", "PromptSet", PromptSet.class);
        assertThat(ps.getKind()).isEqualTo("PromptSet");
        ResolvedPromptSet set = new PromptSetResolver().resolve(ps, name -> null);
        assertThat(set.judge().backendRef()).isEqualTo("judge-llm");
        assertThat(set.judge().passThresholdOrDefault()).isEqualTo(0.6);
        assertThat(set.prompts()).hasSize(5);
        assertThat(set.prompts().stream().filter(p -> p.judged() && p.reference() == null)).hasSize(2);
        assertThat(set.prompts().stream().filter(p -> !p.judged())).hasSize(1);
        LLMBackend judge = document("judge.yaml", "LLMBackend", LLMBackend.class);
        assertThat(judge.getKind()).isEqualTo("LLMBackend");
        assertThat(judge.getMetadata().getName()).isEqualTo("judge-llm");
    }

    /** The document of that kind in a multi-document example file. */
    private static <T> T document(String file, String kind, Class<T> type) throws Exception {
        String text = Files.readString(Examples.DIR.resolve(file));
        return Arrays.stream(text.split("(?m)^---\\s*$")).filter(d -> d.contains("\nkind: " + kind + "\n"))
                .map(d -> Serialization.unmarshal(d, type)).findFirst().orElseThrow();
    }

    @Test
    void theBudgetExampleSetsMaxPromptsPerBackend() {
        RoutingPolicy p = Examples.one("budget-policy.yaml", RoutingPolicy.class);
        assertThat(p.getSpec().maxPromptsPerBackend()).isEqualTo(12);
        assertThat(p.getSpec().clusters()).isEqualTo("4");
    }
}
