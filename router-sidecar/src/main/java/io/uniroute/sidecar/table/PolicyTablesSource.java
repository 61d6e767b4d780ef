package io.uniroute.sidecar.table;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every routing-table ConfigMap the operator publishes in one namespace (or those of a list of
 * policies), followed by ONE fabric8 informer with a label selector: the labels the operator's
 * {@code TableConfigMaps} puts on them ({@value #MANAGED_BY}={@value #OPERATOR} and
 * {@value #POLICY_LABEL}). Policies created later appear, deleted ones disappear. Needs only
 * get/list/watch on ConfigMaps in that namespace. Before the informer has synced, a list call.
 *
 * <p>Labels prove nothing: anyone who may create a ConfigMap in the namespace can set them. A
 * ConfigMap is a candidate only when it is what the operator writes for the policy its label names:
 * named {@code <policy>-routing} (so one ConfigMap per policy, and a second one cannot take a policy
 * over) and controlled by the RoutingPolicy of that name (an ownerReference; one whose owner does not
 * exist is deleted by the garbage collector). The table inside must then name that policy and this
 * namespace ({@link TableRegistry#offer(String, SetMember)}).
 */
public final class PolicyTablesSource implements TableSetSource {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyTablesSource.class);

    /** Set by the operator on each table ConfigMap; its value is the policy's name. */
    public static final String POLICY_LABEL = "uniroute.io/policy";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String OPERATOR = "uniroute-operator";
    /** The operator's name for a policy's table ConfigMap ({@code PolicyReconciler.tableName}). */
    public static final String TABLE_SUFFIX = "-routing";
    /** The kind and API group of the owner the operator sets on each table ConfigMap. */
    public static final String OWNER_KIND = "RoutingPolicy";
    public static final String OWNER_GROUP = "uniroute.io";

    private final String namespace;
    private final List<String> policies;
    private final KubernetesClient client;
    private final boolean ownsClient;
    private SharedIndexInformer<ConfigMap> informer; // guarded by this
    private final ConfigMapSignals signals = new ConfigMapSignals();

    /** @param policies only these policies' tables; empty: every policy of the namespace */
    public PolicyTablesSource(String namespace, List<String> policies, KubernetesClient client, boolean ownsClient) {
        this.namespace = namespace;
        this.policies = List.copyOf(policies);
        this.client = client;
        this.ownsClient = ownsClient;
    }

    @Override
    public String id() {
        return "configmaps:" + namespace + (policies.isEmpty() ? "" : "/" + String.join(",", policies));
    }

    /** The source id of one table: the same as {@link ConfigMapTableSource}'s for that ConfigMap. */
    static String sourceId(String namespace, String name) {
        return "configmap:" + namespace + "/" + name;
    }

    private FilterWatchListDeletable<ConfigMap, ConfigMapList, Resource<ConfigMap>> selected() {
        var labelled = client.configMaps().inNamespace(namespace).withLabel(MANAGED_BY, OPERATOR);
        return policies.isEmpty() ? labelled.withLabel(POLICY_LABEL)
                : labelled.withLabelIn(POLICY_LABEL, policies.toArray(String[]::new));
    }

    @Override
    public Map<String, SetMember> fetchAll() {
        SharedIndexInformer<ConfigMap> inf;
        synchronized (this) {
            inf = informer;
        }
        List<ConfigMap> items = inf != null && inf.hasSynced() ? inf.getStore().list() : selected().list().getItems();
        Map<String, SetMember> tables = new TreeMap<>();
        for (ConfigMap cm : items) {
            String json = cm.getData() == null ? null : cm.getData().get(ConfigMapTableSource.DATA_KEY);
            if (json != null) { // a table ConfigMap without its key is not (yet) a table
                String policy = cm.getMetadata().getLabels() == null ? null : cm.getMetadata().getLabels().get(POLICY_LABEL);
                tables.put(sourceId(namespace, cm.getMetadata().getName()),
                        new SetMember(json, policy, namespace, untrusted(cm, policy)));
            }
        }
        return tables;
    }

    /** Why this ConfigMap is not the operator's table of {@code policy}, if it is not. */
    static Optional<String> untrusted(ConfigMap cm, String policy) {
        String name = cm.getMetadata().getName();
        if (policy == null || policy.isEmpty() || !name.equals(policy + TABLE_SUFFIX)) {
            return Optional.of("its name is not " + (policy == null || policy.isEmpty() ? "<policy>" : policy) + TABLE_SUFFIX
                    + ", the operator's name for the table of the policy its label " + POLICY_LABEL + " names");
        }
        List<OwnerReference> owners = cm.getMetadata().getOwnerReferences();
        boolean owned = owners != null && owners.stream().anyMatch(o -> OWNER_KIND.equals(o.getKind())
                && policy.equals(o.getName()) && Boolean.TRUE.equals(o.getController())
                && o.getApiVersion() != null && o.getApiVersion().startsWith(OWNER_GROUP + "/"));
        if (!owned) {
            return Optional.of("it is not controlled by the RoutingPolicy " + policy + " (no such ownerReference)");
        }
        return Optional.empty();
    }

    @Override
    public synchronized void startWatch(Runnable onChange) {
        if (informer != null) {
            return;
        }
        informer = selected().runnableInformer(0);
        signals.attach(informer, "routing-table ConfigMaps in " + namespace, LOG, onChange);
        informer.start();
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
        }
        if (ownsClient) {
            client.close();
        }
    }
}
