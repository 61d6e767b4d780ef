package io.uniroute.sidecar;

import io.uniroute.core.embedding.Embedder;
import io.uniroute.sidecar.metrics.SidecarMetrics;
import io.uniroute.sidecar.routing.PromptEmbeddings;
import io.uniroute.sidecar.table.ApiKeys;
import io.uniroute.sidecar.table.ConfigMapTableSource;
import io.uniroute.sidecar.table.FileTableSource;
import io.uniroute.sidecar.table.KubeClients;
import io.uniroute.sidecar.table.TableRegistry;
import io.uniroute.sidecar.table.TableSource;
import io.uniroute.sidecar.table.TableWatcher;
import io.uniroute.sidecar.upstream.BackendBreakers;
import io.uniroute.sidecar.upstream.CoolDowns;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running sidecar: shared services, the table watcher, and the verticle instances. Started by
 * {@link SidecarMain} and, in tests, on the test's Vert.x.
 */
public final class Sidecar {

    private final Vertx vertx;
    private final SidecarServices services;
    private final TableWatcher watcher;
    private final List<String> deployments = new ArrayList<>();

    private Sidecar(Vertx vertx, SidecarServices services, TableWatcher watcher) {
        this.vertx = vertx;
        this.services = services;
        this.watcher = watcher;
    }

    public static Future<Sidecar> start(Vertx vertx, SidecarConfig config, Embedder embedder) {
        return start(vertx, config, embedder, new SidecarMetrics());
    }

    /** With the metrics given, e.g. the registry Vert.x's own metrics were built on ({@link SidecarMain}). */
    public static Future<Sidecar> start(Vertx vertx, SidecarConfig config, Embedder embedder, SidecarMetrics metrics) {
        List<TableSource> sources = new ArrayList<>();
        config.tableFiles().forEach(p -> sources.add(new FileTableSource(p)));
        if (!config.configMaps().isEmpty()) {
            config.configMaps().forEach(cm -> sources.add(new ConfigMapTableSource(cm,
                    KubeClients.create(config.kubeApiUrl(), config.kubeTokenFile(), config.kubeCaFile(), config.env()), true)));
        }
        TableRegistry tables = new TableRegistry(sources.stream().map(TableSource::id).toList(), embedder.id(),
                config.embedText(), new ApiKeys(config.apiKeyDir(), config.env()), metrics);
        // The embedder is wrapped here: its cache, coalescing and the overload bound are the sidecar's.
        SidecarServices services = new SidecarServices(config, metrics, tables, new BackendBreakers(metrics),
                new CoolDowns(System::currentTimeMillis), new PromptEmbeddings(embedder, config.embedCacheEntries(),
                config.embedWorkers(), config.embedMaxWait()), new AtomicInteger());
        TableWatcher watcher = new TableWatcher(sources, tables, config.pollInterval());
        Sidecar sidecar = new Sidecar(vertx, services, watcher);
        watcher.start();
        return vertx.deployVerticle(() -> new SidecarVerticle(services),
                        new DeploymentOptions().setInstances(Math.max(1, config.instances())))
                .map(id -> {
                    sidecar.deployments.add(id);
                    return sidecar;
                })
                .onFailure(e -> {
                    watcher.close();
                    services.embeddings().close();
                });
    }

    public int port() {
        return services.boundPort().get();
    }

    public TableRegistry tables() {
        return services.tables();
    }

    public SidecarMetrics metrics() {
        return services.metrics();
    }

    public Future<Void> close() {
        watcher.close();
        Future<?> f = Future.succeededFuture();
        for (String id : deployments) {
            f = f.compose(v -> vertx.undeploy(id));
        }
        return f.onComplete(ar -> services.embeddings().close()).mapEmpty();
    }
}
