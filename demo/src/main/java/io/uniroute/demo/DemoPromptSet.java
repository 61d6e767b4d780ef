package io.uniroute.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.uniroute.replay.answers.AnswerBook;
import io.uniroute.replay.answers.GradedPrompt;
import io.uniroute.replay.datasets.BundledDatasets;
import io.uniroute.replay.datasets.DatasetSplit;

/**
 * The text of {@code examples/demo/promptset.yaml}: the profiling part of the bundled llmrouter
 * subset (the demo's held-out prompts are the rest), each prompt with the grader and reference that
 * grade a replay model's answer as the model's record says. A test keeps the file equal to this.
 */
final class DemoPromptSet {

    static final String NAME = "demo-prompts";

    private DemoPromptSet() {
    }

    static String yaml() {
        var split = DatasetSplit.stratified(BundledDatasets.llmrouterMini(), DemoRun.HELD_OUT_FRACTION, DemoRun.SPLIT_SEED);
        ObjectMapper json = new ObjectMapper();
        StringBuilder s = new StringBuilder();
        s.append("# Representative prompts for the demo: ").append(split.profiling().prompts().size())
                .append(" prompts of the bundled llmrouter subset (MIT; see\n")
                .append("# replay/src/main/resources/io/uniroute/replay/datasets/llmrouter-mini/LICENSE), with reference answers.\n")
                .append("# Generated: mvn -B -pl demo -am test -Dtest=DemoExamplesTest -Duniroute.updateExamples=true\n")
                .append("apiVersion: uniroute.io/v1alpha1\nkind: PromptSet\nmetadata:\n  name: ").append(NAME)
                .append("\nspec:\n  defaultGrader: exact\n  prompts:\n");
        for (var p : split.profiling().prompts()) {
            GradedPrompt g = AnswerBook.graded(p);
            s.append("  - id: ").append(quote(json, g.id())).append('\n')
                    .append("    prompt: ").append(quote(json, g.message())).append('\n')
                    .append("    reference: ").append(quote(json, g.reference())).append('\n')
                    .append("    grader: ").append(g.grader()).append('\n');
        }
        return s.toString();
    }

    // a JSON string is a valid YAML double-quoted scalar
    private static String quote(ObjectMapper json, String text) {
        try {
            return json.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
