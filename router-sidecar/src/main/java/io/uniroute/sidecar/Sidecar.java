package io.uniroute.sidecar;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.sidecar.auth.ClientKeys;
import io.uniroute.sidecar.metrics.SidecarMetrics;
import io.uniroute.sidecar.routing.PromptEmbeddings;
import io.uniroute.sidecar.table.ApiKeys;
import io.uniroute.sidecar.table.ConfigMapTableSource;
import io.uniroute.sidecar.table.FileTableSource;
import io.uniroute.sidecar.table.KubeClients;
import io.uniroute.sidecar.table.PolicyTablesSource;
import io.uniroute.sidecar.table.TableRegistry;
import io.uniroute.sidecar.table.TableSetSource;
import io.uniroute.sidecar.table.TableSource;
import io.uniroute.sidecar.table.TableWatcher;
import io.uniroute.sidecar.upstream.BackendBreakers;
import io.uniroute.sidecar.upstream.CoolDowns;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running sidecar: shared services, the table watcher, and the verticle instances. Started by
 * {@link SidecarMain} and, in tests, on the test's Vert.x.
 */
public final class Sidecar {

    private static final Logger LOG = LoggerFactory.getLogger(Sidecar.class);

    private final Vertx vertx;
    private final SidecarServices services;
    private final TableWatcher watcher;
    private final List<String> deployments = new ArrayList<>();
    private final Promise<Void> closed = Promise.promise();

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
        Optional<String> refusal = config.refusal();
        if (refusal.isPresent()) {
            return Future.failedFuture(new IllegalArgumentException(refusal.get()));
        }
        Optional<ClientKeys> clientKeys = config.clientKeysDir().map(ClientKeys::new);
        if (clientKeys.isPresent() && clientKeys.get().isEmpty()) {
            return Future.failedFuture(new IllegalArgumentException("--client-keys-dir " + clientKeys.get().directory()
                    + " holds no key (one file per key, the file name is the key's name)"));
        }
        List<TableSource> sources = new ArrayList<>();
        config.tableFiles().forEach(p -> sources.add(new FileTableSource(p)));
        config.configMaps().forEach(cm -> sources.add(new ConfigMapTableSource(cm, kubeClient(config), true)));
        List<TableSetSource> sets = new ArrayList<>();
        config.policyNamespace().ifPresent(ns -> sets.add(new PolicyTablesSource(ns, config.policies(), kubeClient(config), true)));
        TableRegistry tables = new TableRegistry(sources.stream().map(TableSource::id).toList(), embedder.id(),
                config.embedText(), new ApiKeys(config.apiKeyDir(), config.env()), metrics);
        // The embedder is wrapped here: its cache, coalescing and the overload bound are the sidecar's.
        SidecarServices services = new SidecarServices(config, metrics, tables, new BackendBreakers(metrics),
                new CoolDowns(System::currentTimeMillis), new PromptEmbeddings(embedder, config.embedCacheEntries(),
                config.embedWorkers(), config.embedMaxWait()), new AtomicInteger(), clientKeys, new AtomicBoolean());
        // the client keys are re-read with every round of the table watcher: a rotated Secret within a poll
        TableWatcher watcher = new TableWatcher(sources, sets, tables, config.pollInterval(),
                () -> clientKeys.ifPresent(ClientKeys::reload));
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

    private static KubernetesClient kubeClient(SidecarConfig config) {
        return KubeClients.create(config.kubeApiUrl(), config.kubeTokenFile(), config.kubeCaFile(), config.env());
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

    /**
     * Stops: {@code /readyz} turns 503 at once, everything is still served for {@code --shutdown-delay-ms}
     * (the Service's endpoints, kube-proxy and ingresses learn of the stop only after SIGTERM, and send
     * new connections meanwhile), then the listeners close and the requests in flight get up to
     * {@link SidecarVerticle#SHUTDOWN_GRACE_SECONDS} to finish.
     */
    public Future<Void> close() {
        if (!services.stopping().compareAndSet(false, true)) {
            return closed.future();
        }
        long delay = services.config().shutdownDelay().toMillis();
        if (delay > 0) {
            LOG.info("stopping: /readyz answers 503; still serving for {} ms (--shutdown-delay-ms) while endpoints are"
                    + " updated, then requests in flight get up to {} s", delay, SidecarVerticle.SHUTDOWN_GRACE_SECONDS);
            vertx.setTimer(delay, t -> shutDown().onComplete(this::closed));
        } else {
            shutDown().onComplete(this::closed);
        }
        return closed.future();
    }

    private void closed(io.vertx.core.AsyncResult<Void> ar) {
        if (ar.succeeded()) {
            closed.tryComplete();
        } else {
            closed.tryFail(ar.cause());
        }
    }

    private Future<Void> shutDown() {
        watcher.close();
        Future<?> f = Future.succeededFuture();
        for (String id : deployments) {
            f = f.compose(v -> vertx.undeploy(id));
        }
        return f.onComplete(ar -> services.embeddings().close()).mapEmpty();
    }
}
