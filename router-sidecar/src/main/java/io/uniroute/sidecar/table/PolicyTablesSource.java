package io.uniroute.sidecar.table;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every routing-table ConfigMap the operator publishes in one namespace (or those of a list of
 * policies), followed by ONE fabric8 informer with a label selector: the labels the operator's
 * {@code TableConfigMaps} puts on them ({@value #MANAGED_BY}={@value #OPERATOR} and
 * {@value #POLICY_LABEL}). Policies created later appear, deleted ones disappear. Needs only
 * get/list/watch on ConfigMaps in that namespace. Before the informer has synced, a list call.
 */
public final class PolicyTablesSource implements TableSetSource {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyTablesSource.class);

    /** Set by the operator on each table ConfigMap; its value is the policy's name. */
    public static final String POLICY_LABEL = "uniroute.io/policy";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String OPERATOR = "uniroute-operator";

    private final String namespace;
    private final List<String> policies;
    private final KubernetesClient client;
    private final boolean ownsClient;
    private SharedIndexInformer<ConfigMap> informer; // guarded by this
    private volatile String lastProblem;

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
    public Map<String, String> fetchAll() {
        SharedIndexInformer<ConfigMap> inf;
        synchronized (this) {
            inf = informer;
        }
        List<ConfigMap> items = inf != null && inf.hasSynced() ? inf.getStore().list() : selected().list().getItems();
        Map<String, String> tables = new TreeMap<>();
        for (ConfigMap cm : items) {
            String json = cm.getData() == null ? null : cm.getData().get(ConfigMapTableSource.DATA_KEY);
            if (json != null) { // a table ConfigMap without its key is not (yet) a table
                tables.put(sourceId(namespace, cm.getMetadata().getName()), json);
            }
        }
        return tables;
    }

    @Override
    public synchronized void startWatch(Runnable onChange) {
        if (informer != null) {
            return;
        }
        informer = selected().runnableInformer(0);
        informer.exceptionHandler((started, t) -> {
            String msg = t.getClass().getSimpleName() + ": " + t.getMessage();
            if (!Objects.equals(msg, lastProblem)) {
                LOG.warn("watch of routing-table ConfigMaps in {} failed ({}); retrying with back-off, polling meanwhile",
                        namespace, msg);
            }
            lastProblem = msg;
            return true; // the API or the RBAC may come after the gateway: keep trying
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {
                lastProblem = null;
                onChange.run();
            }

            @Override
            public void onUpdate(ConfigMap before, ConfigMap after) {
                onChange.run();
            }

            @Override
            public void onDelete(ConfigMap cm, boolean finalStateUnknown) {
                onChange.run();
            }
        });
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
