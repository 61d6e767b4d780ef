package io.uniroute.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads the files of examples/ as a user would apply them. */
public final class Examples {

    public static final Path DIR = Path.of("..", "examples");

    private Examples() {
    }

    public static <T extends HasMetadata> List<T> load(String file, Class<T> type) {
        try {
            String text = Files.readString(DIR.resolve(file));
            return Arrays.stream(text.split("(?m)^---\\s*$")).filter(d -> !d.isBlank())
                    .map(d -> Serialization.unmarshal(d, type)).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read examples/" + file, e);
        }
    }

    public static <T extends HasMetadata> T one(String file, Class<T> type) {
        return load(file, type).get(0);
    }
}
