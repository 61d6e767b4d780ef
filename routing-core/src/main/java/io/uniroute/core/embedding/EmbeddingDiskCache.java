package io.uniroute.core.embedding;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Embeddings of a whole dataset on disk, keyed by (a hash of the texts embedded, embedder id), so that a
 * second evaluation of the same data with the same model does not embed again. A file that does
 * not match its key (count, dimension) is ignored and rewritten.
 */
public final class EmbeddingDiskCache {

    private static final int MAGIC = 0x55524531; // "URE1"

    private final Path directory;

    public EmbeddingDiskCache(Path directory) {
        this.directory = directory;
    }

    public List<float[]> getOrCompute(String datasetHash, Embedder embedder, int count,
            Supplier<List<float[]>> compute) {
        Path file = fileFor(datasetHash, embedder.id());
        Optional<List<float[]>> cached = read(file, count, embedder.dimension());
        if (cached.isPresent()) {
            return cached.get();
        }
        List<float[]> computed = compute.get();
        write(file, computed, embedder.dimension());
        return computed;
    }

    Path fileFor(String datasetHash, String embedderId) {
        return directory.resolve(datasetHash + "-" + embedderId.replaceAll("[^A-Za-z0-9._-]", "_") + ".emb.gz");
    }

    private static Optional<List<float[]>> read(Path file, int count, int dimension) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC || in.readInt() != count || in.readInt() != dimension) {
                return Optional.empty();
            }
            List<float[]> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                float[] v = new float[dimension];
                for (int j = 0; j < dimension; j++) {
                    v[j] = in.readFloat();
                }
                out.add(v);
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty(); // a truncated or foreign file: recompute
        }
    }

    private void write(Path file, List<float[]> vectors, int dimension) {
        try {
            Files.createDirectories(directory);
            Path tmp = Files.createTempFile(directory, "emb", ".tmp");
            try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(tmp)))) {
                out.writeInt(MAGIC);
                out.writeInt(vectors.size());
                out.writeInt(dimension);
                for (float[] v : vectors) {
                    for (float f : v) {
                        out.writeFloat(f);
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write embedding cache " + file, e);
        }
    }
}
