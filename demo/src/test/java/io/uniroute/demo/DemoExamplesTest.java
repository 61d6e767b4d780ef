package io.uniroute.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.RoutingPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's example files are what a user applies; they must parse and stay in step with the bundled data. */
class DemoExamplesTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "demo");

    @Test
    void promptSetIsTheProfilingPartOfTheBundledSubset() throws IOException {
        Path file = EXAMPLES.resolve("promptset.yaml");
        String expected = DemoPromptSet.yaml();
        if (Boolean.getBoolean("uniroute.updateExamples")) {
            Files.writeString(file, expected);
        }
        assertThat(Files.readString(file))
                .as("examples/demo/promptset.yaml is stale; regenerate it with -Duniroute.updateExamples=true")
                .isEqualTo(expected);
    }

    @Test
    void examplesParseAsOurResources() throws IOException {
        List<HasMetadata> backends = YamlApply.read(EXAMPLES.resolve("backends.yaml"));
        assertThat(backends).hasSize(8).allMatch(LLMBackend.class::isInstance);
        assertThat(YamlApply.read(EXAMPLES.resolve("policy.yaml"))).singleElement().isInstanceOf(RoutingPolicy.class);
        PromptSet ps = (PromptSet) YamlApply.read(EXAMPLES.resolve("promptset.yaml")).get(0);
        assertThat(ps.getSpec().prompts()).hasSizeGreaterThan(200);
        assertThat(YamlApply.read(EXAMPLES.resolve("held-back/late-backend.yaml"))).singleElement()
                .isInstanceOf(LLMBackend.class);
    }
}
