package io.uniroute.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json refuses what the chart cannot render safely, naming the value. */
class ChartSchemaTest {

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({
        "replicas, -1",
        "replicas, two",
        "image.pullPolicy, Sometimes",
        "sidecar.image.pullPolicy, always",
        "rbac.scope, global",
        "sidecar.port, 70000",
        "ports.http, 0",
        "webhook.failurePolicy, Maybe",
        "webhook.tls.mode, openssl",
        "watchNamespaces[0], Team_A",
        "metrics.service.type, Ingress",
        "replica, 2",
        "resources.requests.memory, lots",
        "gateway.replicas, 1",
        "gateway.autoscaling.maxReplicas, 1",
        "gateway.autoscaling.targetCPUUtilizationPercentage, 150",
        "gateway.policyNamespace, Team_A",
        "gateway.clientKeys.existingSecret, Bad_Name",
        "gateway.service.port, 0",
        "gateway.keys, abc",
        "gateway.podDisruptionBudget.maxUnavailable, 0%",
        "gateway.podDisruptionBudget.maxUnavailable, 150%",
    })
    void badValueIsRefused(String key, String value) {
        Object typed = value.matches("-?\\d+") ? Integer.valueOf(value) : value;
        assertThatThrownBy(() -> Chart.template(Map.of(key, typed)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("values don't meet the specifications of the schema");
    }

    @ParameterizedTest(name = "{0}={1} is accepted")
    @CsvSource({
        "replicas, 0",
        "rbac.scope, namespaced",
        "webhook.tls.mode, helm",
        "sidecar.port, 18080",
        "resources.requests.memory, 768Mi",
        "gateway.replicas, 3",
        "gateway.policyNamespace, team-a",
        "gateway.podDisruptionBudget.maxUnavailable, 50%",
    })
    void goodValueIsAccepted(String key, String value) {
        Object typed = value.matches("-?\\d+") ? Integer.valueOf(value) : value;
        assertThat(Chart.template(Map.of(key, typed))).contains("kind: Deployment");
    }
}
