package io.uniroute.sidecar.table;

import io.uniroute.core.table.RoutingTable.ApiKeyRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a backend's API key where the table says it is mounted: a file under the key directory
 * (relative to it or absolute; a mounted Secret, never a file elsewhere) or an environment variable. Read off the event loop, when a
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
            Path p = directory.resolve(ref.file()).normalize();
            try {
                // only under the key directory: a table (a ConfigMap) must not name the client keys, the
                // service account token or any other file of the pod as the key sent to its backend
                if (p.startsWith(directory.normalize()) && Files.isRegularFile(p)) {
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
