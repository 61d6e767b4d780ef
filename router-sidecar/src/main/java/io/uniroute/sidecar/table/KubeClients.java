package io.uniroute.sidecar.table;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The sidecar's Kubernetes client: fabric8 on the JDK HTTP client (fabric8's Vert.x client is built
 * on Vert.x 4, the sidecar runs Vert.x 5). Configured from an explicit API URL with a token file
 * (re-read on every request, so a rotated token is used at once) and CA; else from the kubeconfig
 * named by {@code KUBECONFIG} in the sidecar's environment; else as fabric8 finds it:
 * {@code ~/.kube/config}, or in a pod the service account (whose projected token fabric8 re-reads as it rotates).
 */
public final class KubeClients {

    private KubeClients() {
    }

    public static KubernetesClient create(Optional<String> apiUrl, Path tokenFile, Path caFile, Map<String, String> env) {
        Config config;
        if (apiUrl.isPresent()) {
            ConfigBuilder b = new ConfigBuilder(Config.empty()).withMasterUrl(apiUrl.get());
            if (Files.isRegularFile(caFile)) {
                b.withCaCertFile(caFile.toString());
            }
            if (Files.isRegularFile(tokenFile)) {
                b.withOauthTokenProvider(() -> readToken(tokenFile));
            }
            config = b.build();
        } else if (kubeconfig(env).isPresent()) {
            config = Config.fromKubeconfig(kubeconfig(env).get().toFile());
        } else {
            config = Config.autoConfigure(null);
        }
        return new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).withConfig(config).build();
    }

    /** The first existing file of {@code KUBECONFIG} (a path list, as kubectl reads it). */
    static Optional<Path> kubeconfig(Map<String, String> env) {
        String list = env.getOrDefault("KUBECONFIG", "");
        return Arrays.stream(list.split(File.pathSeparator)).filter(p -> !p.isBlank()).map(Path::of)
                .filter(Files::isRegularFile).findFirst();
    }

    private static String readToken(Path tokenFile) {
        try {
            return Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kubernetes token file " + tokenFile, e);
        }
    }
}
