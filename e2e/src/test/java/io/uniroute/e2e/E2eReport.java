package io.uniroute.e2e;

import io.uniroute.k8stest.KubeApi;
import io.uniroute.k8stest.RealApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Appends one row per e2e scenario to {@code target/e2e-report.md}: the scenario, its result, how long it
 * took and the API server it ran against (so a report never leaves the server version out).
 */
final class E2eReport implements BeforeEachCallback, AfterEachCallback, TestWatcher {

    static final Path FILE = Path.of("target", "e2e-report.md");
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(E2eReport.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("start", Instant.now());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Instant start = context.getStore(NS).get("start", Instant.class);
        context.getStore(NS).put("took", Duration.between(start, Instant.now()));
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        row(context, "passed");
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        row(context, "FAILED: " + String.valueOf(cause.getMessage()).lines().findFirst().orElse("").replace('|', '/'));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        row(context, "skipped: " + String.valueOf(cause.getMessage()).lines().findFirst().orElse("").replace('|', '/'));
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        row(context, "disabled");
    }

    private static void row(ExtensionContext context, String result) {
        Duration took = context.getStore(NS).get("took", Duration.class);
        String server;
        try {
            KubeApi api = RealApiServer.api(context);
            server = api.describe();
        } catch (RuntimeException e) {
            server = "none";
        }
        String line = "| " + context.getRequiredTestClass().getSimpleName() + " | " + context.getDisplayName() + " | " + result
                + " | " + (took == null ? "?" : String.format("%.1f s", took.toMillis() / 1000.0)) + " | " + server + " |\n";
        try {
            Files.createDirectories(FILE.getParent());
            // one report per test run: the first row of this JVM replaces an earlier run's file
            context.getRoot().getStore(NS).computeIfAbsent("fresh", k -> {
                try {
                    return Files.deleteIfExists(FILE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, Boolean.class);
            if (!Files.exists(FILE)) {
                Files.writeString(FILE, "# e2e scenarios\n\n| class | scenario | result | time | API server |\n|---|---|---|---|---|\n");
            }
            Files.writeString(FILE, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
