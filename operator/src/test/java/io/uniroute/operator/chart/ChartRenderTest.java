package io.uniroute.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's Deployment, Services, ServiceMonitor and webhook, with default and non-default values. */
class ChartRenderTest {

    private static Container operator(Chart.Rendered r) {
        return r.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void defaultsGiveAProbedSizedLockedDownOperator() {
        Chart.Rendered r = Chart.render(Map.of());
        Deployment d = r.one(Deployment.class);
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        var pod = d.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(r.one(ServiceAccount.class).getMetadata().getName());
        Container c = operator(r);
        assertThat(c.getImage()).isEqualTo("ghcr.io/uniroute/operator:0.1.0");

        // OperatorMain serves /metrics, /healthz and /readyz; the chart puts both on one port (docs/install.md).
        assertThat(c.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("http:8080", "webhook:9443");
        assertThat(c.getArgs()).containsExactly("--metrics-port", "8080", "--health-port", "8080"); // all namespaces, no leader election
        Chart.assertHttpProbe(c.getLivenessProbe(), "/healthz");
        Chart.assertHttpProbe(c.getReadinessProbe(), "/readyz");
        Chart.assertHttpProbe(c.getStartupProbe(), "/healthz");

        assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("200m"))
                .containsEntry("memory", new Quantity("512Mi"));
        assertThat(c.getResources().getLimits()).containsKey("memory");

        Chart.assertLockedDown(pod, c);

        Map<String, String> env = Chart.env(c);
        assertThat(env).containsEntry("UNIROUTE_WEBHOOK_ENABLED", "true").containsEntry("UNIROUTE_WEBHOOK_PORT", "9443")
                .containsEntry("UNIROUTE_SIDECAR_IMAGE", "ghcr.io/uniroute/router-sidecar:0.1.0")
                .containsEntry("UNIROUTE_SIDECAR_PORT", "8080");

        Service metrics = r.all(Service.class).stream().filter(s -> s.getMetadata().getName().endsWith("-metrics"))
                .findFirst().orElseThrow();
        assertThat(metrics.getSpec().getPorts()).singleElement()
                .satisfies(p -> {
                    assertThat(p.getName()).isEqualTo("metrics");
                    assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
                });
        assertThat(metrics.getSpec().getSelector()).isEqualTo(d.getSpec().getSelector().getMatchLabels());
        assertThat(r.ofKind("ServiceMonitor")).isEmpty();
    }

    @Test
    void webhookTargetsLabelledPodsWithTheChartsCertificate() {
        Chart.Rendered r = Chart.render(Map.of());
        MutatingWebhook hook = r.one(MutatingWebhookConfiguration.class).getWebhooks().get(0);
        assertThat(hook.getObjectSelector().getMatchLabels()).containsEntry("uniroute.io/inject", "true");
        assertThat(hook.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getOperations()).containsExactly("CREATE");
        });
        assertThat(hook.getSideEffects()).isEqualTo("None");
        assertThat(hook.getFailurePolicy()).isEqualTo("Ignore");
        assertThat(hook.getClientConfig().getService().getPath()).isEqualTo("/mutate-pods");
        Secret tls = r.one(Secret.class);
        assertThat(tls.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(hook.getClientConfig().getCaBundle()).isEqualTo(tls.getData().get("ca.crt"));
        Service svc = r.all(Service.class).stream()
                .filter(s -> s.getMetadata().getName().equals(hook.getClientConfig().getService().getName()))
                .findFirst().orElseThrow();
        assertThat(svc.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("webhook");
        var volumes = r.one(Deployment.class).getSpec().getTemplate().getSpec().getVolumes();
        assertThat(volumes).anySatisfy(v -> assertThat(v.getSecret() == null ? null : v.getSecret().getSecretName())
                .isEqualTo(tls.getMetadata().getName()));
    }

    @Test
    void nonDefaultValuesAreHonoured() {
        Chart.Rendered r = Chart.render(Chart.values(
                "replicas", 3,
                "leaderElection.enabled", true,
                "rbac.scope", "namespaced",
                "watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b",
                "image.tag", "1.2.3",
                "image.pullPolicy", "Always",
                "resources.limits.memory", "2Gi",
                "metrics.serviceMonitor.enabled", true,
                "webhook.tls.mode", "cert-manager",
                "sidecar.port", 18080));
        Deployment d = r.one(Deployment.class);
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        Container c = operator(r);
        assertThat(c.getImage()).endsWith(":1.2.3");
        assertThat(c.getImagePullPolicy()).isEqualTo("Always");
        assertThat(c.getResources().getLimits()).containsEntry("memory", new Quantity("2Gi"));
        assertThat(c.getArgs()).containsExactly("--metrics-port", "8080", "--health-port", "8080", "--namespace", "team-a,team-b",
                "--leader-election", "--lease-name", "uniroute-leader", "--lease-namespace", Chart.NAMESPACE);
        // every flag the chart passes is one OperatorMain accepts (an unknown flag stops the operator at start)
        assertThat(c.getArgs().stream().filter(a -> a.startsWith("--")))
                .allSatisfy(flag -> assertThat(io.uniroute.operator.OperatorMain.USAGE).contains(flag + " "));
        assertThat(Chart.env(c)).containsEntry("UNIROUTE_SIDECAR_PORT", "18080");

        GenericKubernetesResource monitor = (GenericKubernetesResource) r.ofKind("ServiceMonitor").get(0);
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.toString()).contains("/metrics");

        // cert-manager mode: a Certificate for the webhook Service, CA injected by cert-manager, no chart Secret.
        assertThat(r.all(Secret.class)).isEmpty();
        GenericKubernetesResource cert = (GenericKubernetesResource) r.ofKind("Certificate").get(0);
        assertThat(cert.getAdditionalProperties().toString()).contains("uniroute-webhook.uniroute-system.svc");
        MutatingWebhookConfiguration mwc = r.one(MutatingWebhookConfiguration.class);
        assertThat(mwc.getMetadata().getAnnotations()).containsEntry("cert-manager.io/inject-ca-from",
                Chart.NAMESPACE + "/" + cert.getMetadata().getName());
        MutatingWebhook hook = mwc.getWebhooks().get(0);
        assertThat(hook.getClientConfig().getCaBundle()).isNull();
        // Namespaced mode: the webhook only sees the watched namespaces.
        assertThat(hook.getNamespaceSelector().getMatchExpressions()).singleElement().satisfies(e -> {
            assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
            assertThat(e.getValues()).containsExactly("team-a", "team-b");
        });
    }

    @Test
    void webhookCanBeLeftOut() {
        Chart.Rendered r = Chart.render(Map.of("webhook.enabled", false, "metrics.service.enabled", false));
        assertThat(r.all(MutatingWebhookConfiguration.class)).isEmpty();
        assertThat(r.all(Secret.class)).isEmpty();
        assertThat(r.all(Service.class)).isEmpty();
        Container c = operator(r);
        assertThat(Chart.env(c)).containsEntry("UNIROUTE_WEBHOOK_ENABLED", "false").doesNotContainKey("UNIROUTE_SIDECAR_IMAGE");
        assertThat(c.getPorts()).noneMatch(p -> p.getName().equals("webhook"));
    }
}
