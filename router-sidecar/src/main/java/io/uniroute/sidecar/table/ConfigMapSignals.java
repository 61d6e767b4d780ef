package io.uniroute.sidecar.table;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * What both ConfigMap table sources do with their informer: every add, update or delete tells the
 * watcher at once, and a failing watch is logged once per distinct problem (not at every back-off)
 * and retried, since the API or the RBAC may come up after the router. The informer itself re-lists
 * on 410 Gone and reconnects.
 */
final class ConfigMapSignals {

    private volatile String lastProblem;

    /** Wires {@code informer} (not started yet) to {@code onChange}; {@code what} names it in the log. */
    void attach(SharedIndexInformer<ConfigMap> informer, String what, Logger log, Runnable onChange) {
        informer.exceptionHandler((started, t) -> {
            String msg = t.getClass().getSimpleName() + ": " + t.getMessage();
            if (!Objects.equals(msg, lastProblem)) {
                log.warn("watch of {} failed ({}); retrying with back-off, polling meanwhile", what, msg);
            }
            lastProblem = msg;
            return true;
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
    }
}
