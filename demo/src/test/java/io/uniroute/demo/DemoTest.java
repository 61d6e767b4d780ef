package io.uniroute.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end in its quick form: embedded API, real operator, the sidecar as a process,
 * replay backends over HTTP. Needs the sidecar's jar, so it runs in {@code mvn verify}.
 */
class DemoTest {

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void theWholeLoopRoutesBetterThanTheCheapestAndCheaperThanTheBestAndTakesInALateBackend(@TempDir Path out)
            throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        DemoOptions options = new DemoOptions(true, false, home.resolve("examples/demo"), home, out, 0,
                java.util.List.of(0.0, 0.3, 1.0));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        DemoResult r;
        try (PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            r = new DemoRun(options, ps).run();
        } finally {
            System.out.println(console.toString(StandardCharsets.UTF_8));
        }

        assertThat(r.clusters()).isGreaterThan(1);
        assertThat(r.centroidsUnchanged()).as("a late backend changes no centroid").isTrue();
        TrafficResult cheapest = DemoResult.cheapest(r.after());
        TrafficResult best = DemoResult.mostAccurate(r.after());
        assertThat(r.after().routed())
                .as("some λ routes more accurately than %s (%.3f) at a lower cost than %s (%.6f USD)",
                        cheapest.label(), cheapest.accuracy(), best.label(), best.meanCostUsd())
                .anyMatch(t -> t.accuracy() > cheapest.accuracy() && t.meanCostUsd() < best.meanCostUsd());
        assertThat(r.lateShareMax()).as("the late backend takes traffic").isGreaterThan(0);
        assertThat(out.resolve("report.md")).exists();
        assertThat(Files.readString(out.resolve("report.md"))).contains("simulation", r.lateBackend());
        assertThat(Files.readString(out.resolve("cost-accuracy.svg"))).startsWith("<svg").contains("oracle");
    }
}
