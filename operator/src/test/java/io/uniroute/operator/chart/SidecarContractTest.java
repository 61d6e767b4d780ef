package io.uniroute.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.uniroute.operator.api.RoutingPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.uniroute.operator.injection.InjectionDecision;
import io.uniroute.operator.injection.JsonPatchOp;
import io.uniroute.operator.injection.SidecarDefaults;
import io.uniroute.operator.injection.SidecarInjector;
import io.uniroute.operator.publishing.PolicyReconciler;
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
    @Test
    void theGatewayTrustsTableConfigMapsExactlyAsThePolicyReconcilerWritesThem() throws IOException {
        Path source = Chart.root().resolve("router-sidecar/src/main/java/io/uniroute/sidecar/table/PolicyTablesSource.java");
        Assumptions.assumeTrue(Files.isRegularFile(source), "router-sidecar sources are not in this branch");
        String gateway = Files.readString(source);
        // the name, the owner's kind and group, the label: what PolicyTablesSource.untrusted checks
        String suffix = PolicyReconciler.tableName("p").substring(1);
        assertThat(gateway).contains("TABLE_SUFFIX = \"" + suffix + "\"")
                .contains("OWNER_KIND = \"" + HasMetadata.getKind(RoutingPolicy.class) + "\"")
                .contains("OWNER_GROUP = \"" + HasMetadata.getGroup(RoutingPolicy.class) + "\"")
                .contains("POLICY_LABEL = \"" + PolicyReconciler.POLICY_LABEL + "\"");
    }

    @Test
    void everyFlagTheChartGivesTheGatewayIsAnOptionOfTheSidecar() throws IOException {
        Path sidecarSrc = Chart.root().resolve("router-sidecar/src/main/java/io/uniroute/sidecar/SidecarConfig.java");
        Assumptions.assumeTrue(Files.isRegularFile(sidecarSrc), "router-sidecar sources are not in this branch");
        String config = Files.readString(sidecarSrc);
        var gateway = Chart.render(ChartGatewayTest.gatewayOn("gateway.policies[0]", "qa")).all(Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals(ChartGatewayTest.GATEWAY)).findFirst().orElseThrow();
        List<String> flags = gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().stream()
                .filter(a -> a.startsWith("--")).map(a -> a.substring(2)).toList();
        assertThat(flags).contains("mode", "policy-namespace", "client-keys-dir", "shutdown-delay-ms");
        for (String flag : flags) { // an unknown flag would be ignored silently by SidecarConfig.parse
            assertThat(config).as("SidecarConfig has the option --%s", flag).contains("\"" + flag + "\"");
        }
    }
}
