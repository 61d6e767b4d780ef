package io.uniroute.sidecar;

import io.uniroute.core.embedding.Embedder;
import io.uniroute.sidecar.metrics.SidecarMetrics;
import io.uniroute.sidecar.proxy.CircuitBreakers;
import io.uniroute.sidecar.table.TableRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/** What every verticle instance shares; each piece is thread-safe. */
public record SidecarServices(SidecarConfig config, SidecarMetrics metrics, TableRegistry tables,
        CircuitBreakers breakers, Embedder embedder, AtomicInteger boundPort) {

    public static final String EMBED_POOL = "uniroute-embed";

    /**
     * The port to listen on. For 0 (any port) every instance listens on -1: Vert.x then binds one
     * random port that all instances share, where 0 would give each instance its own.
     */
    int port() {
        return config.port() == 0 ? -1 : config.port();
    }

    /** A shared worker pool (same name → same threads) so embedding never runs on an event loop. */
    WorkerExecutor workers(Vertx vertx) {
        return vertx.createSharedWorkerExecutor(EMBED_POOL, config.embedWorkers());
    }
}
