package io.uniroute.replay.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.dataset.DatasetReader;
import io.uniroute.core.dataset.PromptRecord;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped llmrouter subset, its license notice, and seeded stratified splits. */
class BundledDatasetsTest {

    private final Dataset mini = BundledDatasets.llmrouterMini();

    @Test
    void theSubsetHoldsAFewHundredPromptsOfElevenTasksAndNineModels() {
        assertThat(mini.name()).isEqualTo("llmrouter-mini");
        assertThat(mini.prompts()).hasSize(352);
        assertThat(mini.modelNames()).hasSize(9).contains("gemma-2-9b-it", "llama-3.1-nemotron-51b-instruct");
        Map<String, Long> perTask = mini.prompts().stream().collect(Collectors.groupingBy(PromptRecord::task, Collectors.counting()));
        assertThat(perTask).hasSize(11).allSatisfy((task, n) -> assertThat(n).isEqualTo(32L));
        assertThat(mini.prompts()).allSatisfy(p -> {
            assertThat(p.prompt().length()).isLessThanOrEqualTo(1000);
            assertThat(p.scores()).hasSize(9);
        });
    }

    @Test
    void theMitNoticeAndProvenanceShipWithTheData() {
        assertThat(BundledDatasets.resourceText(BundledDatasets.LLMROUTER_MINI, "LICENSE"))
                .contains("MIT License").contains("Permission is hereby granted");
        assertThat(BundledDatasets.resourceText(BundledDatasets.LLMROUTER_MINI, "README.md"))
                .contains("ulab-uiuc/LLMRouter").contains("make_llmrouter_mini.py");
        assertThatThrownBy(() -> BundledDatasets.load("nope")).hasMessageContaining("llmrouter-mini");
    }

    @Test
    void extractedCopyReadsBackIdentically(@TempDir Path dir) {
        Dataset copy = new DatasetReader().read(BundledDatasets.extract(BundledDatasets.LLMROUTER_MINI, dir.resolve("llmrouter-mini")));
        assertThat(copy.contentHash()).isEqualTo(mini.contentHash());
        assertThat(dir.resolve("llmrouter-mini/LICENSE")).exists();
    }

    @Test
    void stratifiedSplitIsDisjointCompletePerTaskAndSeeded() {
        DatasetSplit split = DatasetSplit.stratified(mini, 0.25, 1);
        Set<String> profiling = ids(split.profiling());
        Set<String> heldOut = ids(split.heldOut());
        assertThat(profiling).doesNotContainAnyElementsOf(heldOut);
        Set<String> all = new HashSet<>(profiling);
        all.addAll(heldOut);
        assertThat(all).isEqualTo(ids(mini));
        Map<String, Long> heldPerTask = split.heldOut().prompts().stream()
                .collect(Collectors.groupingBy(PromptRecord::task, Collectors.counting()));
        assertThat(heldPerTask).hasSize(11).allSatisfy((task, n) -> assertThat(n).isEqualTo(8L));
        assertThat(split.heldOut().modelNames()).isEqualTo(mini.modelNames());
        assertThat(ids(DatasetSplit.stratified(mini, 0.25, 1).heldOut())).isEqualTo(heldOut);
        assertThat(ids(DatasetSplit.stratified(mini, 0.25, 2).heldOut())).isNotEqualTo(heldOut);
        assertThat(split.heldOut().contentHash()).isNotEqualTo(split.profiling().contentHash()).isNotEqualTo(mini.contentHash());
        assertThatThrownBy(() -> DatasetSplit.stratified(mini, 1.0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Set<String> ids(Dataset d) {
        return d.prompts().stream().map(PromptRecord::id).collect(Collectors.toSet());
    }
}
