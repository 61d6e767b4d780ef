package io.uniroute.sidecar.table;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ConfigMap {@code <policy>-routing} the operator publishes, followed through the Kubernetes API
 * by a fabric8 informer on that one name (JDK HTTP client, see {@link KubeClients}). The informer
 * lists, then watches with bookmarks; on 410 Gone or a dropped connection it re-lists and watches
 * again, with back-off, by itself. Each event tells the watcher, so an update reaches traffic at once.
 * {@link #fetch()} reads the informer's cache once it has synced, and GETs the ConfigMap before
 * that (the watcher's poll is the fallback while the API is away). Credentials come from the
 * client's configuration: a kubeconfig, or in a pod the service account's token, which fabric8
 * re-reads as it rotates.
 */
public final class ConfigMapTableSource implements WatchedSource {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigMapTableSource.class);

    public static final String DATA_KEY = "routing.json";

    private final String namespace;
    private final String name;
    private final KubernetesClient client;
    private final boolean ownsClient;
    private SharedIndexInformer<ConfigMap> informer; // guarded by this
    private final ConfigMapSignals signals = new ConfigMapSignals();

    /**
     * @param namespacedName {@code NAMESPACE/NAME}
     * @param ownsClient whether {@link #close()} closes the client too
     */
    public ConfigMapTableSource(String namespacedName, KubernetesClient client, boolean ownsClient) {
        String[] parts = namespacedName.split("/", 2);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("--config-map wants NAMESPACE/NAME, got '" + namespacedName + "'");
        }
        this.namespace = parts[0];
        this.name = parts[1];
        this.client = client;
        this.ownsClient = ownsClient;
    }

    @Override
    public String id() {
        return "configmap:" + namespace + "/" + name;
    }

    @Override
    public Optional<String> fetch() throws IOException {
        SharedIndexInformer<ConfigMap> inf;
        synchronized (this) {
            inf = informer;
        }
        ConfigMap cm = inf != null && inf.hasSynced()
                ? inf.getStore().getByKey(namespace + "/" + name) // the watch is live: no API call
                : client.configMaps().inNamespace(namespace).withName(name).get();
        return text(cm);
    }

    @Override
    public synchronized void startWatch(Runnable onChange) {
        if (informer != null) {
            return;
        }
        informer = client.configMaps().inNamespace(namespace).withName(name).runnableInformer(0);
        signals.attach(informer, "ConfigMap " + namespace + "/" + name, LOG, onChange);
        informer.start();
    }

    /** True once the informer has listed the ConfigMap and watches it. */
    public synchronized boolean watching() {
        return informer != null && informer.hasSynced() && informer.isWatching();
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

    private Optional<String> text(ConfigMap cm) throws IOException {
        if (cm == null) {
            return Optional.empty();
        }
        String data = cm.getData() == null ? null : cm.getData().get(DATA_KEY);
        if (data == null) {
            throw new IOException("ConfigMap " + namespace + "/" + name + " has no data key " + DATA_KEY);
        }
        return Optional.of(data);
    }
}
