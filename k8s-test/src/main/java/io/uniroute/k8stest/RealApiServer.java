package io.uniroute.k8stest;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension: ONE real Kubernetes API server per test JVM, shared by every test class that
 * uses it and stopped when the JVM's tests end.
 *
 * <pre>{@code
 * @ExtendWith(RealApiServer.class)
 * class MyTest {
 *     @Test
 *     void something(KubeApi api) {            // or a constructor / @BeforeAll parameter
 *         String ns = api.newNamespace("my-test");
 *         api.client().configMaps().inNamespace(ns)...;
 *     }
 * }
 * }</pre>
 * Another extension (an operator harness) gets it with {@link #api(ExtensionContext)}.
 *
 * <p>Which server: the hybrid (core kube-apiserver + a current apiextensions-apiserver for CRDs, one
 * URL) when a CRD server binary is found ({@code KUBE_API_TEST_CRD_SERVER} or
 * {@code $KUBE_API_TEST_DIR/bin/apiextensions-apiserver-*}), otherwise fabric8 kube-api-test with its
 * standard binary discovery ({@code KUBE_API_TEST_DIR}, {@code KUBE_API_TEST_OFFLINE_MODE}; with
 * internet it downloads a current release). {@code UNIROUTE_KUBE_API=kube-api-test} forces the latter.
 * {@code .ci/run} sets these variables.
 *
 * <p>When no server can be started the tests are skipped, except on CI ({@code CI=true}), where they fail.
 * The server's versions are logged and written to {@code target/kube-api-server.txt}.
 */
public final class RealApiServer implements BeforeAllCallback, ParameterResolver {

    private static final Logger LOG = LoggerFactory.getLogger(RealApiServer.class);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RealApiServer.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        api(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KubeApi.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return api(context);
    }

    /** The JVM's server, started on first use; skips (or on CI fails) the calling test when there is none. */
    public static KubeApi api(ExtensionContext context) {
        Started started = context.getRoot().getStore(NS)
                .computeIfAbsent(Started.class, k -> Started.start(System.getenv()), Started.class);
        if (started.failure() != null) {
            String why = "no real Kubernetes API server: " + started.failure();
            if (onCi(System.getenv())) {
                throw new IllegalStateException(why + " (CI=true: real-server tests must run)");
            }
            Assumptions.abort(why + " (set KUBE_API_TEST_DIR, or see .ci/run)");
        }
        return started.api();
    }

    static boolean onCi(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.getOrDefault("CI", ""));
    }

    /** The outcome of the one start attempt; closed by JUnit when the JVM's tests end. */
    private record Started(RunningServer server, KubeApi api, String failure) implements AutoCloseable {

        static Started start(Map<String, String> env) {
            Instant t0 = Instant.now();
            RunningServer server = null;
            try {
                Optional<HybridServer.Binaries> hybrid = "kube-api-test".equals(env.get("UNIROUTE_KUBE_API"))
                        ? Optional.empty() : HybridServer.Binaries.find(env);
                server = hybrid.isPresent() ? HybridServer.start(hybrid.get()) : KubeApiTestServer.start(env);
                String kubeconfig = server.kubeconfigYaml();
                KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
                String core = client.getKubernetesVersion().getGitVersion();
                String crd = server.crdServerVersion() != null ? server.crdServerVersion() : core;
                KubeApi api = new KubeApi(server.kind(), kubeconfig, core, crd, client);
                report(api, Duration.between(t0, Instant.now()));
                return new Started(server, api, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed(server, e);
            } catch (Exception | ExceptionInInitializerError e) {
                return failed(server, e);
            }
        }

        private static Started failed(RunningServer server, Throwable e) {
            LOG.error("could not start a real Kubernetes API server", e);
            if (server != null) {
                server.close();
            }
            return new Started(null, null, e.toString());
        }

        private static void report(KubeApi api, Duration startup) {
            String line = "real Kubernetes API server: " + api.describe() + ", started in " + startup.toMillis() + " ms";
            LOG.info(line);
            System.out.println("[kube-api] " + line);
            try {
                Path target = Path.of("target");
                Files.createDirectories(target);
                Files.writeString(target.resolve("kube-api-server.txt"), line + System.lineSeparator());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            if (api != null) {
                api.client().close();
            }
            if (server != null) {
                server.close();
            }
        }
    }
}
