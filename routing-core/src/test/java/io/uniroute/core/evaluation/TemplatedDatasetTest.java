package io.uniroute.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uniroute.core.Fixtures;
import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.dataset.DatasetReader;
import io.uniroute.core.embedding.TextWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatedDatasetTest {

    @TempDir
    Path dir;

    @Test
    void everyPromptGetsThePreambleAndTheCopyHasItsOwnHash() {
        Dataset plain = new DatasetReader().read(Fixtures.llmrouterSlice());
        String preamble = TemplatedDataset.preamble(TemplatedDataset.BUILTIN);
        assertThat(preamble.length()).isGreaterThanOrEqualTo(1_500);
        Dataset templated = TemplatedDataset.of(plain, preamble);
        assertThat(templated.prompts()).hasSameSizeAs(plain.prompts());
        for (int i = 0; i < plain.prompts().size(); i++) {
            assertThat(templated.prompts().get(i).prompt()).isEqualTo(preamble + "\n\n" + plain.prompts().get(i).prompt());
            assertThat(templated.prompts().get(i).scores()).isEqualTo(plain.prompts().get(i).scores());
        }
        assertThat(templated.contentHash()).isNotEqualTo(plain.contentHash())
                .isNotEqualTo(TemplatedDataset.of(plain, preamble + " Be brief.").contentHash());
    }

    @Test
    void aSuffixGoesAfterEveryPromptAndNamesItsOwnCopy() {
        Dataset plain = new DatasetReader().read(Fixtures.llmrouterSlice());
        String preamble = TemplatedDataset.preamble(TemplatedDataset.BUILTIN);
        String suffix = TemplatedDataset.suffix(TemplatedDataset.BUILTIN);
        assertThat(suffix.length()).isGreaterThanOrEqualTo(1_500);
        Dataset both = TemplatedDataset.of(plain, preamble, suffix);
        Dataset suffixOnly = TemplatedDataset.of(plain, null, suffix);
        for (int i = 0; i < plain.prompts().size(); i++) {
            String p = plain.prompts().get(i).prompt();
            assertThat(both.prompts().get(i).prompt()).isEqualTo(preamble + "\n\n" + p + "\n\n" + suffix);
            assertThat(suffixOnly.prompts().get(i).prompt()).isEqualTo(p + "\n\n" + suffix);
        }
        assertThat(both.contentHash()).isNotEqualTo(suffixOnly.contentHash())
                .isNotEqualTo(TemplatedDataset.of(plain, preamble).contentHash());
        assertThatThrownBy(() -> TemplatedDataset.of(plain, null, null)).hasMessageContaining("needs a preamble or a suffix");
        assertThat(EvalOptions.parse(new String[] {"--dataset", "d", "--template-suffix", "builtin"}).templateSuffix())
                .isEqualTo("builtin");
        assertThat(EvalOptions.parse(new String[] {"--dataset", "d"}).templateStrip()).isTrue();
    }

    @Test
    void optionsNameTheWindowAndThePreambleAndBadOnesAreClearErrors() throws Exception {
        Path file = Files.writeString(dir.resolve("preamble.txt"), "You answer questions about our product.\n");
        EvalOptions o = EvalOptions.parse(new String[] {"--dataset", "d", "--window", "tail-128", "--template-preamble", file.toString()});
        assertThat(o.window()).isEqualTo("tail-128");
        assertThat(TemplatedDataset.preamble(o.templatePreamble())).isEqualTo("You answer questions about our product.");
        assertThat(EvalOptions.parse(new String[] {"--dataset", "d"}).window()).isEqualTo(TextWindow.DEFAULT.name());
        assertThatThrownBy(() -> EvalOptions.parse(new String[] {"--dataset", "d", "--window", "middle-9"}))
                .hasMessageContaining("unknown text window");
        assertThatThrownBy(() -> TemplatedDataset.preamble(dir.resolve("missing.txt").toString()))
                .hasMessageContaining("no such file");
        assertThat(EvalOptions.USAGE).contains("--window W", "default " + TextWindow.DEFAULT.name(), "--template-preamble");
    }
}
