package io.uniroute.sidecar.table;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A table mounted as a file. Polled rather than watched with a WatchService: a mounted ConfigMap
 * is updated by swapping a symlink, which file watchers miss.
 */
public record FileTableSource(Path path) implements TableSource {

    @Override
    public String id() {
        return "file:" + path;
    }

    @Override
    public Optional<String> fetch() throws Exception {
        return Files.isRegularFile(path) ? Optional.of(Files.readString(path, StandardCharsets.UTF_8)) : Optional.empty();
    }
}
