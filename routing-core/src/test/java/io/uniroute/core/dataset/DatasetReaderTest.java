package io.uniroute.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uniroute.core.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReaderTest {

    private static final String MODELS = "model,input_usd_per_mtok,output_usd_per_mtok,params_b\na,0.1,0.2,7\nb,1,2,\n";
    private static final String GOOD = "{\"id\":\"p1\",\"task\":\"t\",\"prompt\":\"hi\",\"scores\":{\"a\":1,\"b\":0}}";

    @TempDir
    Path dir;

    @Test
    void readsTheFixture() {
        Dataset d = new DatasetReader().read(Fixtures.llmrouterSlice());
        assertThat(d.prompts()).hasSize(56);
        assertThat(d.models()).hasSize(9);
        assertThat(d.model("gemma-2-9b-it").orElseThrow().inputUsdPerMtok()).isEqualTo(0.1);
        assertThat(d.hasRecordedCosts()).isFalse();
        assertThat(d.contentHash()).hasSize(64);
    }

    @Test
    void readsPricesScoresCostsAndStringChoices() throws IOException {
        write(MODELS, GOOD + "\n{\"id\":\"p2\",\"prompt\":\"x\",\"choices\":\"{'text': ['1']}\","
                + "\"scores\":{\"a\":0.5,\"b\":1},\"cost_usd\":{\"a\":0.01,\"b\":0.02}}\n");
        Dataset d = new DatasetReader().read(dir);
        assertThat(d.model("b").orElseThrow().paramsB()).isNull();
        assertThat(d.prompts().get(1).error("a")).isEqualTo(0.5);
        assertThat(d.prompts().get(1).costUsd()).containsEntry("b", 0.02);
        assertThat(d.prompts().get(1).choices()).containsExactly("1");
    }

    @Test
    void malformedLineNamesFileAndLine() throws IOException {
        write(MODELS, GOOD + "\n{\"id\": \"p2\", \"prompt\": \n");
        assertThatThrownBy(() -> new DatasetReader().read(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(dir.resolve("prompts.jsonl") + ":2:")
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void unknownModelNamesFileAndLine() throws IOException {
        write(MODELS, GOOD + "\n" + GOOD.replace("p1", "p2") + "\n{\"id\":\"p3\",\"prompt\":\"x\",\"scores\":{\"zz\":1}}\n");
        assertThatThrownBy(() -> new DatasetReader().read(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("prompts.jsonl:3:")
                .hasMessageContaining("unknown model 'zz'");
    }

    @Test
    void scoreOutsideUnitIntervalNamesFileAndLine() throws IOException {
        write(MODELS, GOOD + "\n{\"id\":\"p2\",\"prompt\":\"x\",\"scores\":{\"a\":1.5}}\n");
        assertThatThrownBy(() -> new DatasetReader().read(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("prompts.jsonl:2:")
                .hasMessageContaining("outside [0, 1]");
    }

    @Test
    void badModelsCsvNamesFileAndLine() throws IOException {
        write(MODELS + "c,cheap,1,1\n", GOOD + "\n");
        assertThatThrownBy(() -> new DatasetReader().read(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("models.csv:4:")
                .hasMessageContaining("not a number");
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> new DatasetReader().read(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("models.csv");
    }

    private void write(String models, String prompts) throws IOException {
        Files.writeString(dir.resolve("models.csv"), models);
        Files.writeString(dir.resolve("prompts.jsonl"), prompts);
    }
}
