package io.uniroute.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sidecar as a child process, as it runs in a pod: it watches the policy's ConfigMap through
 * the Kubernetes API. A process, not a thread, because the sidecar runs on Vert.x 5 and the
 * embedded API server on Vert.x 4.
 */
final class SidecarProcess implements AutoCloseable {

    private final Process process;
    private final URI baseUrl;
    private final Path log;

    private SidecarProcess(Process process, URI baseUrl, Path log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
    }

    static SidecarProcess start(Path home, List<String> tableArgs, Path logFile) throws IOException {
        Path module = home.resolve("router-sidecar/target");
        Path jar;
        try (Stream<Path> jars = Files.list(module)) {
            jar = jars.filter(p -> p.getFileName().toString().matches("router-sidecar-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().contains("-tests"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("the sidecar is not built: run mvn -B package -DskipTests"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("the sidecar is not built (" + module + " is missing): run mvn -B package -DskipTests");
        }
        int port = freePort();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx512m", "-cp",
                jar + java.io.File.pathSeparator + module.resolve("lib") + java.io.File.separator + "*",
                "io.uniroute.sidecar.SidecarMain",
                "--host", "127.0.0.1", "--port", Integer.toString(port)));
        cmd.addAll(tableArgs);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        // a demo stopped with Ctrl-C must not leave its sidecar behind
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "uniroute-demo-sidecar-stop"));
        return new SidecarProcess(p, URI.create("http://127.0.0.1:" + port), logFile);
    }

    /** Waits until {@code /readyz} answers 200 (a table is loaded), or fails with the sidecar's log. */
    void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Poll.until(timeout, Duration.ofMillis(200), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the sidecar exited with " + process.exitValue() + "; its log: " + log);
            }
            try {
                var r = http.send(HttpRequest.newBuilder(baseUrl.resolve("/readyz")).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return r.statusCode() == 200 ? Optional.of(true) : Optional.empty();
            } catch (IOException notYet) {
                return Optional.empty(); // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the sidecar", e);
            }
        }, () -> "the sidecar was not ready within " + timeout + "; its log: " + log);
    }

    URI baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
