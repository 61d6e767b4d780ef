package io.uniroute.core.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CachingEmbedderTest {

    private static Embedder miniLm;

    @BeforeAll
    static void load() {
        miniLm = new MiniLmEmbedder();
    }

    @Test
    void repeatsAreServedFromTheCache() {
        CountingEmbedder counting = new CountingEmbedder(miniLm);
        CachingEmbedder cache = new CachingEmbedder(counting, 10);
        float[] first = cache.embed("hello there");
        float[] second = cache.embed("hello there");
        assertThat(second).containsExactly(first);
        assertThat(counting.textsEmbedded()).isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void cachedLooksUpWithoutEmbedding() {
        CountingEmbedder counting = new CountingEmbedder(miniLm);
        CachingEmbedder cache = new CachingEmbedder(counting, 10);
        assertThat(cache.cached("hello there")).isEmpty();
        assertThat(counting.textsEmbedded()).isZero();
        float[] v = cache.embed("hello there");
        assertThat(cache.cached("hello there")).hasValueSatisfying(c -> assertThat(c).containsExactly(v));
        assertThat(counting.textsEmbedded()).isEqualTo(1);
    }

    @Test
    void isBoundedAndEvictsTheLeastRecentlyUsed() {
        CountingEmbedder counting = new CountingEmbedder(miniLm);
        CachingEmbedder cache = new CachingEmbedder(counting, 2);
        cache.embed("a");
        cache.embed("b");
        cache.embed("a"); // a is now the most recent
        cache.embed("c"); // evicts b
        assertThat(counting.textsEmbedded()).isEqualTo(3);
        cache.embed("a");
        assertThat(counting.textsEmbedded()).isEqualTo(3);
        cache.embed("b");
        assertThat(counting.textsEmbedded()).isEqualTo(4);
    }

    @Test
    void batchesEmbedOnlyWhatIsMissingOnce() {
        CountingEmbedder counting = new CountingEmbedder(miniLm);
        CachingEmbedder cache = new CachingEmbedder(counting, 10);
        cache.embed("x");
        List<float[]> out = cache.embedAll(List.of("x", "y", "y", "z"));
        assertThat(out).hasSize(4);
        assertThat(out.get(1)).containsExactly(out.get(2));
        assertThat(counting.textsEmbedded()).isEqualTo(3); // x once before, then y and z
    }

    @Test
    void callersCannotCorruptTheCache() {
        CachingEmbedder cache = new CachingEmbedder(miniLm, 4);
        float[] v = cache.embed("q");
        float keep = v[0];
        v[0] = 42;
        assertThat(cache.embed("q")[0]).isEqualTo(keep);
        assertThatThrownBy(() -> new CachingEmbedder(miniLm, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
