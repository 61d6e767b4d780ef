package io.uniroute.sidecar;

import io.uniroute.sidecar.auth.ClientKeys;
import io.uniroute.sidecar.metrics.SidecarMetrics;
import io.uniroute.sidecar.routing.PromptEmbeddings;
import io.uniroute.sidecar.table.TableRegistry;
import io.uniroute.sidecar.upstream.BackendBreakers;
import io.uniroute.sidecar.upstream.CoolDowns;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every verticle instance shares; each piece is thread-safe.
 *
 * @param clientKeys the client bearer keys when clients must authenticate (gateway)
 * @param stopping   set when a stop begins: {@code /readyz} answers 503 from then on, while requests are still served
 */
public record SidecarServices(SidecarConfig config, SidecarMetrics metrics, TableRegistry tables,
        BackendBreakers breakers, CoolDowns coolDowns, PromptEmbeddings embeddings, AtomicInteger boundPort,
        Optional<ClientKeys> clientKeys, AtomicBoolean stopping) {

    /**
     * The port to listen on. For 0 (any port) every instance listens on -1: Vert.x then binds one
     * random port that all instances share, where 0 would give each instance its own.
     */
    int port() {
        return config.port() == 0 ? -1 : config.port();
    }
}
