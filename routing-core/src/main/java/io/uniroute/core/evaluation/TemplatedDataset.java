package io.uniroute.core.evaluation;

import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.dataset.PromptRecord;
import io.uniroute.core.hashing.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A copy of a dataset with one fixed application preamble in front of every prompt and/or one fixed
 * block of trailing instructions after it, as production traffic often looks (instructions, a
 * few-shot block, a RAG preamble; output-format rules at the end): the recorded scores stay, only
 * what the router reads changes. It shows whether the router still routes by what a prompt asks.
 * The copy's content hash names the preamble and the suffix, so cached embeddings never mix.
 */
public final class TemplatedDataset {

    /** {@code --template-preamble builtin}: realistic assistant instructions, about 1,900 characters. */
    public static final String BUILTIN = "builtin";
    /** {@code --template-suffix builtin}: realistic output-format rules, about 1,800 characters. */
    static final String BUILTIN_SUFFIX_RESOURCE = "template-suffix.txt";
    private static final String BUILTIN_PREAMBLE_RESOURCE = "template-preamble.txt";
    static final String SEPARATOR = "\n\n";

    private TemplatedDataset() {
    }

    public static Dataset of(Dataset dataset, String preamble) {
        return of(dataset, preamble, null);
    }

    /** The copy with {@code preamble} in front and {@code suffix} after every prompt; either may be null. */
    public static Dataset of(Dataset dataset, String preamble, String suffix) {
        if (preamble == null && suffix == null) {
            throw new IllegalArgumentException("a templated dataset needs a preamble or a suffix");
        }
        if ((preamble != null && preamble.isBlank()) || (suffix != null && suffix.isBlank())) {
            throw new IllegalArgumentException("the template " + (preamble != null && preamble.isBlank() ? "preamble" : "suffix")
                    + " is empty");
        }
        String head = preamble == null ? "" : preamble + SEPARATOR;
        String tail = suffix == null ? "" : SEPARATOR + suffix;
        var prompts = dataset.prompts().stream().map(p -> new PromptRecord(p.id(), p.task(), head + p.prompt() + tail,
                p.reference(), p.choices(), p.metric(), p.split(), p.scores(), p.costUsd())).toList();
        // a preamble-only copy keeps the hash it had before suffixes existed (its disk cache stays valid)
        String hash = Sha256.hex(dataset.contentHash() + (preamble == null ? "" : "\ntemplated:" + Sha256.hex(preamble))
                + (suffix == null ? "" : "\nsuffix:" + Sha256.hex(suffix)));
        return new Dataset(dataset.name() + " (templated)", dataset.models(), prompts, hash);
    }

    /** The preamble a {@code --template-preamble} value names: {@code builtin} or a UTF-8 text file. */
    public static String preamble(String option) {
        return text(option, "--template-preamble", BUILTIN_PREAMBLE_RESOURCE);
    }

    /** The suffix a {@code --template-suffix} value names: {@code builtin} or a UTF-8 text file. */
    public static String suffix(String option) {
        return text(option, "--template-suffix", BUILTIN_SUFFIX_RESOURCE);
    }

    private static String text(String option, String flag, String builtinResource) {
        try {
            if (BUILTIN.equals(option)) {
                try (InputStream in = TemplatedDataset.class.getResourceAsStream(builtinResource)) {
                    if (in == null) {
                        throw new IllegalStateException("the builtin " + builtinResource + " is missing from the jar");
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                }
            }
            Path file = Path.of(option);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(flag + ": no such file " + option + " (or use builtin)");
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + flag + " " + option, e);
        }
    }
}
