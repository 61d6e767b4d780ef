package io.uniroute.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * gateway.enabled renders the shared router: a probed, sized, locked-down Deployment of the sidecar
 * image in gateway mode, its Service, PodDisruptionBudget, HPA, ServiceMonitor, ServiceAccount and a
 * read-only Role on ConfigMaps of the served namespace; the client keys and backend keys mounted.
 * Nothing of it by default.
 */
class ChartGatewayTest {

    static final String GATEWAY = Chart.RELEASE + "-gateway";

    static Map<String, Object> gatewayOn(Object... more) {
        Map<String, Object> v = Chart.values("gateway.enabled", true, "gateway.clientKeys.existingSecret", "gw-keys");
        v.putAll(Chart.values(more));
        return v;
    }

    private static Deployment gateway(Chart.Rendered r) {
        return r.all(Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(GATEWAY)).findFirst()
                .orElseThrow(() -> new AssertionError("no gateway Deployment"));
    }

    private static Container container(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void nothingOfTheGatewayByDefault() {
        Chart.Rendered r = Chart.render(Map.of());
        assertThat(r.all(Deployment.class)).extracting(d -> d.getMetadata().getName()).containsExactly(Chart.RELEASE);
        assertThat(r.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(r.all(PodDisruptionBudget.class)).isEmpty();
        assertThat(r.all(Service.class)).noneMatch(s -> s.getMetadata().getName().contains("gateway"));
        assertThat(r.all(ServiceAccount.class)).noneMatch(s -> s.getMetadata().getName().contains("gateway"));
        assertThat(r.all(Role.class)).isEmpty();
    }

    @Test
    void theGatewayIsAProbedSizedLockedDownDeploymentInGatewayMode() {
        Chart.Rendered r = Chart.render(gatewayOn("gateway.autoscaling.enabled", false));
        Deployment d = gateway(r);
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        var pod = d.getSpec().getTemplate().getSpec();
        Container c = container(d);
        assertThat(c.getImage()).isEqualTo("ghcr.io/uniroute/router-sidecar:0.1.0"); // the sidecar's image
        assertThat(c.getArgs()).containsSubsequence("--mode", "gateway").containsSubsequence("--policy-namespace", Chart.NAMESPACE)
                .containsSubsequence("--client-keys-dir", "/etc/uniroute/client-keys")
                .containsSubsequence("--api-key-dir", "/etc/uniroute/keys")
                .doesNotContain("--allow-unauthenticated", "--host"); // the sidecar binds 0.0.0.0 by default
        assertThat(c.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort()).containsExactly("http:8080");
        Chart.assertHttpProbe(c.getStartupProbe(), "/healthz");
        Chart.assertHttpProbe(c.getLivenessProbe(), "/healthz");
        Chart.assertHttpProbe(c.getReadinessProbe(), "/readyz");
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsEntry("memory", new Quantity("1Gi")).containsKey("cpu");
        // heap by the container's memory limit
        assertThat(Chart.env(c).get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=60");

        // the operator's locked-down security contexts, a writable /tmp for the native libraries
        Chart.assertLockedDown(pod, c);

        // the client keys: the existing Secret, mounted whole (not by subPath, so rotation reaches the pod)
        assertThat(c.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/etc/uniroute/client-keys");
            assertThat(m.getReadOnly()).isTrue();
            assertThat(m.getSubPath()).isNull();
            assertThat(pod.getVolumes()).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo(m.getName());
                assertThat(v.getSecret().getSecretName()).isEqualTo("gw-keys");
            });
        });
        assertThat(pod.getServiceAccountName()).isEqualTo(GATEWAY);
        assertThat(r.all(ServiceAccount.class)).anySatisfy(sa -> assertThat(sa.getMetadata().getName()).isEqualTo(GATEWAY));
        // the operator's Deployment is left as it was
        assertThat(r.all(Deployment.class)).hasSize(2);
    }

    @Test
    void serviceBudgetAndAutoscalerSelectTheGatewaysPods() {
        Chart.Rendered r = Chart.render(gatewayOn());
        Deployment d = gateway(r);
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(d.getSpec().getSelector().getMatchLabels()).isNotEmpty();
        assertThat(podLabels).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        // with the HPA on, replicas are the HPA's
        assertThat(d.getSpec().getReplicas()).isNull();

        Service svc = r.all(Service.class).stream().filter(s -> s.getMetadata().getName().equals(GATEWAY)).findFirst().orElseThrow();
        assertThat(podLabels).containsAllEntriesOf(svc.getSpec().getSelector());
        assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(80);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
        });
        // the operator's pods are not the gateway's, and the other way round
        Deployment operator = r.all(Deployment.class).stream().filter(x -> x.getMetadata().getName().equals(Chart.RELEASE))
                .findFirst().orElseThrow();
        assertThat(operator.getSpec().getTemplate().getMetadata().getLabels()).isNotEqualTo(podLabels);
        assertThat(svc.getSpec().getSelector().entrySet())
                .isNotEqualTo(operator.getSpec().getSelector().getMatchLabels().entrySet());

        PodDisruptionBudget pdb = r.one(PodDisruptionBudget.class);
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);

        HorizontalPodAutoscaler hpa = r.one(HorizontalPodAutoscaler.class);
        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(GATEWAY);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(m -> {
            assertThat(m.getResource().getName()).isEqualTo("cpu");
            assertThat(m.getResource().getTarget().getType()).isEqualTo("Utilization");
            assertThat(m.getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        });
    }

    @Test
    void serviceMonitorScrapesTheGatewayWhenMonitoringIsOn() {
        assertThat(Chart.render(gatewayOn()).ofKind("ServiceMonitor")).isEmpty();
        Chart.Rendered r = Chart.render(gatewayOn("metrics.serviceMonitor.enabled", true));
        GenericKubernetesResource sm = r.ofKind("ServiceMonitor").stream().map(GenericKubernetesResource.class::cast)
                .filter(x -> x.getMetadata().getName().equals(GATEWAY)).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) sm.getAdditionalProperties().get("spec");
        @SuppressWarnings("unchecked")
        Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
        Service svc = r.all(Service.class).stream().filter(s -> s.getMetadata().getName().equals(GATEWAY)).findFirst().orElseThrow();
        assertThat(svc.getMetadata().getLabels()).containsAllEntriesOf(selector);
        assertThat(spec.get("endpoints").toString()).contains("port=http").contains("path=/metrics");
    }

    @Test
    void theRoleReadsConfigMapsOfTheServedNamespaceAndNothingElse() {
        Chart.Rendered r = Chart.render(gatewayOn("gateway.policyNamespace", "team-a"));
        Role role = r.one(Role.class);
        assertThat(role.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(ChartRbacTest.grants(role.getRules()))
                .containsExactlyInAnyOrder("/configmaps:get", "/configmaps:list", "/configmaps:watch");
        RoleBinding binding = r.one(RoleBinding.class);
        assertThat(binding.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo(GATEWAY);
            assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
        });
        assertThat(container(gateway(r)).getArgs()).containsSubsequence("--policy-namespace", "team-a");
    }

    @Test
    void backendKeySecretsAreMountedWhereTheTablesNameTheirFilesAndPoliciesArePassed() {
        Chart.Rendered r = Chart.render(gatewayOn("gateway.backendKeySecrets[0]", "openai-key",
                "gateway.backendKeySecrets[1]", "local-llm-key", "gateway.policies[0]", "support",
                "gateway.policies[1]", "search"));
        Deployment d = gateway(r);
        Container c = container(d);
        var volumes = d.getSpec().getTemplate().getSpec().getVolumes();
        for (String secret : List.of("openai-key", "local-llm-key")) {
            // the operator's tables name /etc/uniroute/keys/<secret>/<key> (PolicyReconciler.KEY_FILE_ROOT)
            assertThat(c.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getMountPath()).isEqualTo(io.uniroute.operator.publishing.PolicyReconciler.KEY_FILE_ROOT + "/" + secret);
                assertThat(m.getReadOnly()).isTrue();
                assertThat(volumes).anySatisfy(v -> {
                    assertThat(v.getName()).isEqualTo(m.getName());
                    assertThat(v.getSecret().getSecretName()).isEqualTo(secret);
                });
            });
        }
        assertThat(c.getArgs()).containsSubsequence("--policies", "support,search");
    }

    @Test
    void theGracePeriodCoversTheShutdownDelayAndTheTimeForRequestsInFlight() {
        // SIGKILL comes after terminationGracePeriodSeconds: it must cover --shutdown-delay-ms (readiness 503,
        // still serving) + the 25 s SidecarVerticle gives requests in flight, with a margin
        Deployment d = gateway(Chart.render(gatewayOn()));
        assertThat(container(d).getArgs()).containsSubsequence("--shutdown-delay-ms", "5000");
        assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(35L);

        Deployment longer = gateway(Chart.render(gatewayOn("gateway.shutdownDelayMs", 12_500)));
        assertThat(container(longer).getArgs()).containsSubsequence("--shutdown-delay-ms", "12500");
        assertThat(longer.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(43L);

        Deployment given = gateway(Chart.render(gatewayOn("gateway.terminationGracePeriodSeconds", 90)));
        assertThat(given.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(90L);
        assertThatThrownBy(() -> Chart.template(gatewayOn("gateway.terminationGracePeriodSeconds", 29)))
                .hasMessageContaining("gateway.terminationGracePeriodSeconds 29 is shorter than");
        assertThatThrownBy(() -> Chart.template(gatewayOn("gateway.shutdownDelayMs", -1)))
                .hasMessageContaining("shutdownDelayMs");
    }

    @Test
    void withoutClientKeysTheChartRefusesUnlessToldTo() {
        assertThatThrownBy(() -> Chart.template(Map.of("gateway.enabled", true)))
                .hasMessageContaining("gateway.clientKeys.existingSecret");
        Chart.Rendered open = Chart.render(Map.of("gateway.enabled", true, "gateway.allowUnauthenticated", true));
        Container c = container(gateway(open));
        assertThat(c.getArgs()).contains("--allow-unauthenticated").doesNotContain("--client-keys-dir");
        assertThat(c.getVolumeMounts()).noneMatch(m -> m.getMountPath().equals("/etc/uniroute/client-keys"));
    }

    @Test
    void theInjectedSidecarsHeapIsSetThroughTheOperator() {
        Chart.Rendered r = Chart.render(Map.of("sidecar.javaOptions", "-XX:MaxRAMPercentage=45"));
        Container operator = container(r.one(Deployment.class));
        assertThat(Chart.env(operator)).containsEntry("UNIROUTE_SIDECAR_JAVA_OPTIONS", "-XX:MaxRAMPercentage=45");
        assertThat(Chart.env(container(Chart.render(Map.of()).one(Deployment.class))).get("UNIROUTE_SIDECAR_JAVA_OPTIONS"))
                .contains("-XX:MaxRAMPercentage=50");
    }
}
