package io.uniroute.core.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class TextWindowTest {

    private static final long[] THOUSAND = LongStream.range(0, 1000).toArray();

    @Test
    void headAndTailKeepTheirEndsAndShortTextWhole() {
        assertThat(TextWindow.parse("head-128").select(THOUSAND)).singleElement()
                .satisfies(w -> assertThat(w).hasSize(126).startsWith(0, 1).endsWith(125));
        assertThat(TextWindow.parse("tail-256").select(THOUSAND)).singleElement()
                .satisfies(w -> assertThat(w).hasSize(254).startsWith(746).endsWith(999));
        assertThat(TextWindow.parse("tail-512").select(new long[] {5, 6})).singleElement()
                .satisfies(w -> assertThat(w).containsExactly(5, 6));
        assertThat(TextWindow.parse("tail-128").select(new long[0])).singleElement().satisfies(w -> assertThat(w).isEmpty());
    }

    @Test
    void headTailJoinsTheFirstFewAndTheLastMany() {
        List<long[]> w = TextWindow.parse("headtail-32-256").select(THOUSAND);
        assertThat(w).singleElement().satisfies(v -> {
            assertThat(v).hasSize(254).startsWith(0, 1).endsWith(999);
            assertThat(v[31]).isEqualTo(31);
            assertThat(v[32]).isEqualTo(1000 - 222);
        });
    }

    @Test
    void poolCutsUpToWWindowsEndingAtTheLastPiece() {
        List<long[]> w = TextWindow.parse("pool-128x4").select(THOUSAND);
        assertThat(w).hasSize(4);
        assertThat(w.get(3)).hasSize(126).endsWith(999);
        assertThat(w.get(0)).startsWith(1000 - 4 * 126);
        assertThat(TextWindow.parse("pool-128x4").select(LongStream.range(0, 130).toArray())).hasSize(2);
    }

    @Test
    void namesRoundTripAndBadNamesAreClearErrors() {
        for (String name : TextWindow.CANDIDATES) {
            assertThat(TextWindow.parse(name).name()).isEqualTo(name);
        }
        assertThatThrownBy(() -> TextWindow.parse("tail-513")).hasMessageContaining("3 to 512");
        assertThatThrownBy(() -> TextWindow.parse("middle-128")).hasMessageContaining("unknown text window");
        assertThatThrownBy(() -> TextWindow.parse("headtail-300-256")).hasMessageContaining("headtail needs");
    }
}
