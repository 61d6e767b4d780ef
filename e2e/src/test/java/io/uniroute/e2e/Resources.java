package io.uniroute.e2e;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.core.table.RoutingTableJson;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptSetProfile;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.publishing.PolicyReconciler;
import java.util.List;

/** Reads of our resources in one namespace, for assertions. */
record Resources(KubernetesClient client, String ns) {

    LLMBackend backend(String name) {
        return client.resources(LLMBackend.class).inNamespace(ns).withName(name).get();
    }

    RoutingPolicy policy(String name) {
        return client.resources(RoutingPolicy.class).inNamespace(ns).withName(name).get();
    }

    ConfigMap tableConfigMap(String policy) {
        return client.configMaps().inNamespace(ns).withName(PolicyReconciler.tableName(policy)).get();
    }

    RoutingTable table(String policy) {
        return new RoutingTableJson().read(tableConfigMap(policy).getData().get(PolicyReconciler.TABLE_KEY));
    }

    PromptSetProfile profile(String backend) {
        return backend(backend).getStatus().profiles().get(0);
    }

    static boolean has(List<Condition> conditions, String type, String status, String reason) {
        return conditions != null && conditions.stream().anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus())
                && (reason == null || reason.equals(c.getReason())));
    }

    boolean published(String policy) {
        RoutingPolicy p = policy(policy);
        return p != null && p.getStatus() != null && has(p.getStatus().conditions(), "Ready", "True", "Published");
    }

    boolean profiled(String backend) {
        LLMBackend b = backend(backend);
        return b != null && b.getStatus() != null && has(b.getStatus().conditions(), "Profiled", "True", "Profiled");
    }
}
