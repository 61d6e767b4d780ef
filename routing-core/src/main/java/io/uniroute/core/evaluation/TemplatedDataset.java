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
 * A copy of a dataset with one fixed application preamble in front of every prompt, as production
 * traffic often looks (instructions, a few-shot block, a RAG preamble): the recorded scores stay,
 * only what the router reads changes. It shows whether the router still routes by what a prompt
 * asks. The copy's content hash names the preamble, so cached embeddings never mix.
 */
public final class TemplatedDataset {

    /** {@code --template-preamble builtin}: realistic assistant instructions, about 1,900 characters. */
    public static final String BUILTIN = "builtin";
    static final String SEPARATOR = "\n\n";

    private TemplatedDataset() {
    }

    public static Dataset of(Dataset dataset, String preamble) {
        if (preamble.isBlank()) {
            throw new IllegalArgumentException("the template preamble is empty");
        }
        var prompts = dataset.prompts().stream().map(p -> new PromptRecord(p.id(), p.task(), preamble + SEPARATOR + p.prompt(),
                p.reference(), p.choices(), p.metric(), p.split(), p.scores(), p.costUsd())).toList();
        String hash = Sha256.hex(dataset.contentHash() + "\ntemplated:" + Sha256.hex(preamble));
        return new Dataset(dataset.name() + " (templated)", dataset.models(), prompts, hash);
    }

    /** The preamble a {@code --template-preamble} value names: {@code builtin} or a UTF-8 text file. */
    public static String preamble(String option) {
        try {
            if (BUILTIN.equals(option)) {
                try (InputStream in = TemplatedDataset.class.getResourceAsStream("template-preamble.txt")) {
                    if (in == null) {
                        throw new IllegalStateException("the builtin template preamble is missing from the jar");
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                }
            }
            Path file = Path.of(option);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--template-preamble: no such file " + option + " (or use builtin)");
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the template preamble " + option, e);
        }
    }
}
