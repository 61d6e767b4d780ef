package io.uniroute.core.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingDiskCacheTest {

    private static Embedder miniLm;
    private final List<String> texts = List.of("first prompt", "second prompt", "third prompt");

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        miniLm = new MiniLmEmbedder();
    }

    @Test
    void aSecondRunDoesNotReEmbed() {
        CountingEmbedder counting = new CountingEmbedder(miniLm);
        List<float[]> first = new EmbeddingDiskCache(dir).getOrCompute("hash1", counting, 3, () -> counting.embedAll(texts));
        List<float[]> second = new EmbeddingDiskCache(dir).getOrCompute("hash1", counting, 3, () -> counting.embedAll(texts));
        assertThat(counting.textsEmbedded()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(second.get(i)).containsExactly(first.get(i));
        }
    }

    @Test
    void anotherDatasetOrAMismatchedFileIsRecomputed() throws IOException {
        CountingEmbedder counting = new CountingEmbedder(miniLm);
        EmbeddingDiskCache cache = new EmbeddingDiskCache(dir);
        cache.getOrCompute("hash1", counting, 3, () -> counting.embedAll(texts));
        cache.getOrCompute("hash2", counting, 3, () -> counting.embedAll(texts));
        assertThat(counting.textsEmbedded()).isEqualTo(6);
        // a corrupt file under the same key is ignored and rewritten
        Path file = cache.fileFor("hash1", counting.id());
        Files.write(file, new byte[] {1, 2, 3});
        cache.getOrCompute("hash1", counting, 3, () -> counting.embedAll(texts));
        assertThat(counting.textsEmbedded()).isEqualTo(9);
        cache.getOrCompute("hash1", counting, 3, () -> counting.embedAll(texts));
        assertThat(counting.textsEmbedded()).isEqualTo(9);
    }

    @Test
    void anotherTextWindowNeverReadsTheseVectors() {
        CountingEmbedder tail = new CountingEmbedder(miniLm);
        CountingEmbedder head = new CountingEmbedder(((MiniLmEmbedder) miniLm).withWindow(TextWindow.LEGACY));
        EmbeddingDiskCache cache = new EmbeddingDiskCache(dir);
        cache.getOrCompute("hash1", tail, 3, () -> tail.embedAll(texts));
        cache.getOrCompute("hash1", head, 3, () -> head.embedAll(texts));
        assertThat(head.textsEmbedded()).isEqualTo(3);
        assertThat(cache.fileFor("hash1", tail.id())).isNotEqualTo(cache.fileFor("hash1", head.id()));
    }
}
