package io.uniroute.sidecar.table;

import io.uniroute.core.table.RoutingTable.ApiKeyRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a backend's API key where the table says it is mounted: a file (relative paths under the
 * key directory, i.e. a mounted Secret) or an environment variable. Read off the event loop, when a
 * table is loaded or re-checked. The key never appears in a log line, a metric or an exception.
 */
public final class ApiKeys {

    private final Path directory;
    private final Map<String, String> env;

    public ApiKeys(Path directory, Map<String, String> env) {
        this.directory = directory;
        this.env = Map.copyOf(env);
    }

    /** Empty when the reference is absent or names nothing readable (the call then goes without a key). */
    public Optional<String> resolve(ApiKeyRef ref) {
        if (ref == null) {
            return Optional.empty();
        }
        if (ref.file() != null && !ref.file().isBlank()) {
            Path p = directory.resolve(ref.file());
            try {
                if (Files.isRegularFile(p)) {
                    return nonBlank(Files.readString(p, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        if (ref.env() != null && !ref.env().isBlank()) {
            return nonBlank(env.get(ref.env()));
        }
        return Optional.empty();
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
