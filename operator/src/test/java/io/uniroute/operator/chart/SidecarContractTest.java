package io.uniroute.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.uniroute.operator.injection.InjectionDecision;
import io.uniroute.operator.injection.JsonPatchOp;
import io.uniroute.operator.injection.SidecarDefaults;
import io.uniroute.operator.injection.SidecarInjector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The injected container speaks the sidecar's configuration language: every UNIROUTE_* variable the
 * webhook sets is an option of router-sidecar's SidecarConfig (each flag --foo-bar reads
 * UNIROUTE_FOO_BAR), and its probes hit the paths the sidecar serves. The sidecar module runs on
 * Vert.x 5 and cannot be on the operator's test classpath, so its source is read instead.
 */
class SidecarContractTest {

    @Test
    void injectedEnvironmentAndProbesMatchTheSidecar() throws IOException {
        Path sidecarSrc = Chart.root().resolve("router-sidecar/src/main/java/io/uniroute/sidecar");
        Assumptions.assumeTrue(Files.isDirectory(sidecarSrc), "router-sidecar sources are not in this branch");
        String config = Files.readString(sidecarSrc.resolve("SidecarConfig.java"));
        String verticle = Files.readString(sidecarSrc.resolve("SidecarVerticle.java"));

        var pod = new PodBuilder().withNewMetadata().withName("p").addToLabels(SidecarInjector.INJECT_LABEL, "true")
                .addToAnnotations(SidecarInjector.POLICY_ANNOTATION, "support").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("a").endContainer().endSpec().build();
        var injector = new SidecarInjector(new SidecarDefaults("img", "IfNotPresent", 8080, null, true, true));
        var patch = (InjectionDecision.Patch) injector.decide(pod, "team-a", List.of());
        JsonPatchOp add = patch.operations().stream().filter(op -> op.path().equals("/spec/containers/-"))
                .findFirst().orElseThrow();
        Container sidecar = Serialization.unmarshal(Serialization.asJson(add.value()), Container.class);

        List<String> vars = sidecar.getEnv().stream().map(EnvVar::getName).filter(n -> n.startsWith("UNIROUTE_"))
                .toList();
        assertThat(vars).contains("UNIROUTE_PORT", "UNIROUTE_TABLE_FILE", "UNIROUTE_API_KEY_DIR", "UNIROUTE_CONFIG_MAP");
        for (String var : vars) {
            String flag = var.substring("UNIROUTE_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
            assertThat(config).as("SidecarConfig has the option --%s read from %s", flag, var)
                    .contains("\"" + flag + "\"");
        }
        assertThat(config).contains("\"UNIROUTE_\" + name.toUpperCase");
        assertThat(verticle).contains("\"" + sidecar.getLivenessProbe().getHttpGet().getPath() + "\"")
                .contains("\"" + sidecar.getReadinessProbe().getHttpGet().getPath() + "\"");
    }
}
