package io.uniroute.operator.profiling;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LLMBackendStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which updates of an LLMBackend reconcile it: spec (generation) and labels yes, its own status writes no. */
class SpecOrLabelsChangedTest {

    private final SpecOrLabelsChanged filter = new SpecOrLabelsChanged();

    @Test
    void labelsAndGenerationPassStatusAndAnnotationsDoNot() {
        LLMBackend old = backend(1L, Map.of("pool", "a"), Map.of());
        assertThat(filter.accept(backend(1L, Map.of("pool", "b"), Map.of()), old)).as("relabelled").isTrue();
        assertThat(filter.accept(backend(1L, Map.of(), Map.of()), old)).as("label removed").isTrue();
        assertThat(filter.accept(backend(2L, Map.of("pool", "a"), Map.of()), old)).as("spec changed").isTrue();

        LLMBackend statusOnly = backend(1L, Map.of("pool", "a"), Map.of());
        statusOnly.setStatus(new LLMBackendStatus(1L, "Profiling", List.of(), null, null, List.of(), 0));
        assertThat(filter.accept(statusOnly, old)).as("its own progress").isFalse();
        assertThat(filter.accept(backend(1L, Map.of("pool", "a"), Map.of("note", "x")), old)).as("annotation").isFalse();
        assertThat(filter.accept(backend(1L, null, Map.of()), backend(1L, Map.of(), Map.of()))).as("no labels = empty labels").isFalse();
    }

    private static LLMBackend backend(Long generation, Map<String, String> labels, Map<String, String> annotations) {
        LLMBackend b = new LLMBackend();
        b.setMetadata(new ObjectMetaBuilder().withName("b").withGeneration(generation).withLabels(labels)
                .withAnnotations(annotations).build());
        return b;
    }
}
