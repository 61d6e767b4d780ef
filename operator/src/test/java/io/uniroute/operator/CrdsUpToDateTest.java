package io.uniroute.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** crds/ is checked in; it must be what the Java classes generate (the generator runs in process-classes). */
class CrdsUpToDateTest {

    static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8");
    static final Path CHECKED_IN = Path.of("..", "crds");
    static final String HOW_TO_FIX = "crds/ is stale: run `mvn -B -pl operator -am process-classes -Pupdate-crds` and commit crds/";

    @Test
    void checkedInCrdsEqualTheGeneratedOnes() throws IOException {
        List<Path> generated = ours(GENERATED);
        assertThat(generated).as("generated CRDs").hasSize(3);
        assertThat(ours(CHECKED_IN).stream().map(p -> p.getFileName().toString()))
                .as(HOW_TO_FIX).containsExactlyElementsOf(generated.stream().map(p -> p.getFileName().toString()).toList());
        for (Path g : generated) {
            assertThat(Files.readString(CHECKED_IN.resolve(g.getFileName()))).as(HOW_TO_FIX + " (" + g.getFileName() + ")")
                    .isEqualTo(Files.readString(g));
        }
    }

    private static List<Path> ours(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".uniroute.io-v1.yml")).sorted().toList();
        }
    }
}
