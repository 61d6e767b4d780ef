package io.uniroute.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The in-memory overload of {@link DatasetReader} and options stored as a Python literal string (llmrouter does). */
class DatasetReaderInMemoryTest {

    private static final String MODELS = "model,input_usd_per_mtok,output_usd_per_mtok,params_b\nm1,0.1,0.2,7\n";

    private static Dataset read(String promptsJsonl) {
        return new DatasetReader().read("mem", MODELS.getBytes(StandardCharsets.UTF_8),
                promptsJsonl.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsBytesAndNamesTheDataset() {
        Dataset d = read("{\"id\":\"a\",\"prompt\":\"p\",\"choices\":[\"x\",\"y\"],\"scores\":{\"m1\":1.0}}\n");
        assertThat(d.name()).isEqualTo("mem");
        assertThat(d.prompts().get(0).choices()).containsExactly("x", "y");
        assertThat(d.contentHash()).hasSize(64);
    }

    @Test
    void parsesPythonListAndDictLiterals() {
        Dataset d = read("""
                {"id":"a","prompt":"p","choices":"['$100', 'it\\\\'s', \\"say \\\\\\"hi\\\\\\"\\"]","scores":{"m1":1.0}}
                {"id":"b","prompt":"p","choices":"{'text': ['bus depot', 'beach'], 'label': ['A', 'B']}","scores":{"m1":0.0}}
                """);
        assertThat(d.prompts().get(0).choices()).containsExactly("$100", "it's", "say \"hi\"");
        assertThat(d.prompts().get(1).choices()).containsExactly("bus depot", "beach");
    }

    @Test
    void rejectsAStringThatIsNoListWithFileAndLine() {
        assertThatThrownBy(() -> read("{\"id\":\"a\",\"prompt\":\"p\",\"choices\":\"A or B\",\"scores\":{\"m1\":1.0}}\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("mem/prompts.jsonl:1")
                .hasMessageContaining("choices");
    }
}
