package io.uniroute.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A routing policy: the operator publishes its table to the ConfigMap {@code <name>-routing}. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Plural("routingpolicies")
@ShortNames({"rp", "routing"})
@AdditionalPrinterColumn(name = "Strategy", jsonPath = ".spec.strategy", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Router accuracy", jsonPath = ".status.estimate.router.accuracy", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Table", jsonPath = ".status.table.configMap", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class RoutingPolicy extends CustomResource<RoutingPolicySpec, RoutingPolicyStatus> implements Namespaced {

    @Override
    protected RoutingPolicySpec initSpec() {
        return null;
    }

    @Override
    protected RoutingPolicyStatus initStatus() {
        return null;
    }
}
