package io.uniroute.k8stest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.time.Duration;

/**
 * The hybrid: etcd and the core kube-apiserver from kube-api-test's binary folder, with CRD traffic
 * forwarded through the aggregation layer to a current apiextensions-apiserver, all on one URL (the
 * steps of {@code start-hybrid.sh}, on free ports). Used when a CRD server binary is found:
 * {@code KUBE_API_TEST_CRD_SERVER}, else the newest {@code $KUBE_API_TEST_DIR/bin/apiextensions-apiserver-*}.
 */
final class HybridServer implements RunningServer {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Path workDir;
    private final String crdVersion;

    private HybridServer(Path workDir, String crdVersion) {
        this.workDir = workDir;
        this.crdVersion = crdVersion;
    }

    /** The binaries the hybrid needs, when they are all present. */
    record Binaries(Path kubeApiServer, Path etcd, Path crdServer) {

        static Optional<Binaries> find(Map<String, String> env) {
            Path dir = Path.of(env.getOrDefault("KUBE_API_TEST_DIR",
                    Path.of(System.getProperty("user.home"), ".kubeapitest").toString()));
            Optional<Path> crdServer = Optional.ofNullable(env.get("KUBE_API_TEST_CRD_SERVER")).map(Path::of)
                    .or(() -> newest(dir.resolve("bin"), "apiextensions-apiserver-"))
                    .filter(Files::isExecutable);
            Optional<Path> core = newest(dir.resolve("k8s"), "")
                    .filter(d -> Files.isExecutable(d.resolve("kube-apiserver")) && Files.isExecutable(d.resolve("etcd")));
            if (crdServer.isEmpty() || core.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Binaries(core.get().resolve("kube-apiserver"), core.get().resolve("etcd"), crdServer.get()));
        }

        private static Optional<Path> newest(Path dir, String prefix) {
            if (!Files.isDirectory(dir)) {
                return Optional.empty();
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.getFileName().toString().startsWith(prefix))
                        .max(Comparator.comparing(p -> p.getFileName().toString().substring(prefix.length()), Versions::compare));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String crdVersion() {
            return "v" + crdServer.getFileName().toString().replaceFirst("^apiextensions-apiserver-", "");
        }
    }

    static HybridServer start(Binaries binaries) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("uniroute-hybrid-");
        Path script = work.resolve("start-hybrid.sh");
        try (InputStream in = HybridServer.class.getResourceAsStream("start-hybrid.sh")) {
            Files.copy(in, script);
        }
        HybridServer server = new HybridServer(work, binaries.crdVersion());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "hybrid-api-server-stop"));
        List<String> command = List.of("bash", script.toString(), binaries.kubeApiServer().toString(),
                binaries.crdServer().toString(), binaries.etcd().toString(), work.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("start.log").toFile());
        List<Integer> ports = freePorts(4);
        pb.environment().putAll(Map.of("ETCD_PORT", ports.get(0).toString(), "ETCD_PEER_PORT", ports.get(1).toString(),
                "KAS_PORT", ports.get(2).toString(), "EXT_PORT", ports.get(3).toString()));
        Process p = pb.start();
        if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            String log = Files.readString(work.resolve("start.log"));
            server.close();
            throw new IllegalStateException("hybrid API server did not start (" + work + "): " + log);
        }
        return server;
    }

    private static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    @Override
    public KubeApi.Kind kind() {
        return KubeApi.Kind.HYBRID;
    }

    @Override
    public String kubeconfigYaml() {
        try {
            return Files.readString(workDir.resolve("kubeconfig"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String crdServerVersion() {
        return crdVersion;
    }

    /** Stops the three processes the script started (their pids are in the work folder), CRD server first. */
    @Override
    public void close() {
        for (String name : List.of("ext", "kas", "etcd")) {
            Path pidFile = workDir.resolve(name + ".pid");
            if (!Files.exists(pidFile)) {
                continue;
            }
            try {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                ProcessHandle.of(pid).ifPresent(h -> {
                    h.destroy();
                    h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> {
                        h.destroyForcibly();
                        return h;
                    }).join();
                });
                Files.delete(pidFile);
            } catch (IOException | NumberFormatException e) {
                // a pid file half written by a failed start: nothing was started under it
            }
        }
    }
}
