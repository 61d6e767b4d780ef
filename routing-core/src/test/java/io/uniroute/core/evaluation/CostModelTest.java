package io.uniroute.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.dataset.DatasetReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostModelTest {

    @TempDir
    Path dir;

    @Test
    void estimatesFromPricesAndTokensWhenNoCostIsRecorded() throws IOException {
        write("a,0.5,2.0,\n", "{\"id\":\"p\",\"prompt\":\"12345678\",\"scores\":{\"a\":1}}\n");
        CostModel costs = CostModel.of(read(), 100);
        // 8 characters = 2 input tokens at $0.5/M + 100 output tokens at $2/M
        assertThat(costs.usd()[0][0]).isCloseTo((2 * 0.5 + 100 * 2.0) / 1e6, within(1e-15));
        assertThat(costs.description()).contains("output = 100 tokens assumed");
    }

    @Test
    void usesRecordedCostsWhenEveryPromptHasThem() throws IOException {
        write("a,,,\n", "{\"id\":\"p\",\"prompt\":\"x\",\"scores\":{\"a\":1},\"cost_usd\":{\"a\":0.25}}\n");
        CostModel costs = CostModel.of(read(), 100);
        assertThat(costs.usd()[0][0]).isEqualTo(0.25);
        assertThat(costs.description()).contains("recorded cost_usd");
    }

    @Test
    void aMissingPriceWithoutRecordedCostsIsAClearError() throws IOException {
        write("a,,,\n", "{\"id\":\"p\",\"prompt\":\"x\",\"scores\":{\"a\":1}}\n");
        Dataset d = read();
        assertThatThrownBy(() -> CostModel.of(d, 100)).hasMessageContaining("model a has no price");
    }

    private void write(String modelRows, String prompts) throws IOException {
        Files.writeString(dir.resolve("models.csv"), "model,input_usd_per_mtok,output_usd_per_mtok,params_b\n" + modelRows);
        Files.writeString(dir.resolve("prompts.jsonl"), prompts);
    }

    private Dataset read() {
        return new DatasetReader().read(dir);
    }
}
