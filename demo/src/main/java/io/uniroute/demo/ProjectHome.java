package io.uniroute.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's root: the nearest folder, from here upwards, that holds {@code examples/demo}. */
final class ProjectHome {

    private ProjectHome() {
    }

    static Path find() {
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isDirectory(q.resolve("examples/demo")) && Files.isDirectory(q.resolve("router-sidecar"))) {
                return q;
            }
        }
        return p;
    }
}
