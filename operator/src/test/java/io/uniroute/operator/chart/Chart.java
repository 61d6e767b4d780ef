package io.uniroute.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The chart in helm/uniroute, rendered in-process by helm-java (no helm binary, no cluster). */
final class Chart {

    static final String RELEASE = "uniroute";
    static final String NAMESPACE = "uniroute-system";
    // helm-java defaults to v1.20, older than the chart's kubeVersion.
    static final String KUBE_VERSION = "v1.30.0";

    private Chart() {
    }

    static Path root() {
        Path base = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        for (Path p = base; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("helm/uniroute"))) {
                return p;
            }
        }
        throw new IllegalStateException("no helm/uniroute above " + base);
    }

    static Path chartDir() {
        return root().resolve("helm/uniroute");
    }

    /** --set values from alternating keys and values (Map.of stops at ten pairs). */
    static Map<String, Object> values(Object... keysAndValues) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    /** `helm template` with the given --set values (a key of the map is a Helm --set path). */
    static String template(Map<String, Object> values) {
        TemplateCommand cmd = new Helm(chartDir()).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        values.forEach(cmd::set);
        return cmd.call();
    }

    static Rendered render(Map<String, Object> values) {
        return new Rendered(parse(template(values)));
    }

    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                continue;
            }
            Object parsed = Serialization.unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)));
            out.add((HasMetadata) parsed);
        }
        return out;
    }

    /** The objects of one rendering, looked up by type and name. */
    record Rendered(List<HasMetadata> objects) {
        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type) {
            List<T> found = all(type);
            if (found.size() != 1) {
                throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
            }
            return found.get(0);
        }

        <T extends HasMetadata> Optional<T> find(Class<T> type) {
            return all(type).stream().findFirst();
        }

        List<HasMetadata> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
        }
    }

    /** A container's literal environment variables (those not taken from a Secret or ConfigMap). */
    static Map<String, String> env(Container c) {
        return c.getEnv().stream().filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName,
                EnvVar::getValue));
    }

    /** A probe on the container's port named {@code http} at {@code path}. */
    static void assertHttpProbe(Probe probe, String path) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }

    /**
     * Non-root, no privilege escalation, every capability dropped, seccomp RuntimeDefault, a read-only
     * root — with a writable /tmp, where the ONNX runtime (java.io.tmpdir) and the DJL tokenizer
     * (DJL_CACHE_DIR) unpack their native libraries.
     */
    static void assertLockedDown(PodSpec pod, Container c) {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isNotZero();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(env(c).get("DJL_CACHE_DIR")).startsWith("/tmp/");
    }
}
