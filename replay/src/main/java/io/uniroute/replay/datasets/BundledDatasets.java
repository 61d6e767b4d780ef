package io.uniroute.replay.datasets;

import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.dataset.DatasetReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Datasets shipped inside the replay jar as classpath resources, in format v1.
 *
 * <p>{@value #LLMROUTER_MINI}: 352 prompts (32 per task over 11 tasks) × 9 LLMs of the MIT-licensed
 * llmrouter set, chosen by {@code replay/scripts/make_llmrouter_mini.py}; its README and LICENSE
 * sit beside the data ({@link #resourceText}).
 */
public final class BundledDatasets {

    public static final String LLMROUTER_MINI = "llmrouter-mini";
    /** Every file of a bundled dataset: the two of format v1, the source's license and how the subset was made. */
    public static final List<String> FILES = List.of("models.csv", "prompts.jsonl", "LICENSE", "README.md");

    private static final String ROOT = "/io/uniroute/replay/datasets/";

    private BundledDatasets() {
    }

    public static List<String> names() {
        return List.of(LLMROUTER_MINI);
    }

    /** The llmrouter subset shipped with the product. */
    public static Dataset llmrouterMini() {
        return load(LLMROUTER_MINI);
    }

    public static Dataset load(String name) {
        return new DatasetReader().read(name, bytes(name, "models.csv"), bytes(name, "prompts.jsonl"));
    }

    /** A text file of a bundled dataset, e.g. its {@code LICENSE} or {@code README.md}. */
    public static String resourceText(String name, String file) {
        return new String(bytes(name, file), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Writes the bundled dataset's files into {@code folder} (created if needed), so tools that take a folder can read it. */
    public static Path extract(String name, Path folder) {
        try {
            Files.createDirectories(folder);
            for (String file : FILES) {
                Files.write(folder.resolve(file), bytes(name, file));
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder, e);
        }
    }

    private static byte[] bytes(String name, String file) {
        if (!names().contains(name)) {
            throw new IllegalArgumentException("no bundled dataset '" + name + "'; bundled: " + names());
        }
        try (InputStream in = BundledDatasets.class.getResourceAsStream(ROOT + name + "/" + file)) {
            if (in == null) {
                throw new IllegalStateException("bundled dataset " + name + " lacks " + file + " (a broken build?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled " + name + "/" + file, e);
        }
    }
}
