package io.uniroute.operator.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/**
 * Writes a primary resource's whole status by server-side apply (field manager: the controller's
 * name; optimistic-locking update when the operator runs without SSA) and caches the result, so the next reconcile reads its own write rather than a stale informer
 * copy. An apply carries no resourceVersion: a user editing the spec or labels meanwhile is no
 * conflict, and the operator owns every status field.
 */
public final class StatusApply {

    private StatusApply() {
    }

    public static <S, P extends CustomResource<?, S>> void apply(P primary, S status, Context<P> context) {
        if (!serverSideApply(context)) { // an API without it (OperatorSettings.serverSideApply): update, locked on resourceVersion
            PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(primary, context, p -> {
                p.setStatus(status);
                return p;
            });
            return;
        }
        P fresh = blank(primary);
        fresh.setMetadata(new ObjectMetaBuilder().withName(primary.getMetadata().getName())
                .withNamespace(primary.getMetadata().getNamespace()).build());
        fresh.setStatus(status);
        PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(primary, fresh, context);
    }

    /** The operator's switch, as JOSDK holds it. */
    public static boolean serverSideApply(Context<?> context) {
        return context.getControllerConfiguration().getConfigurationService().useSSAToPatchPrimaryResource();
    }

    @SuppressWarnings("unchecked")
    private static <P> P blank(P primary) {
        try {
            return (P) primary.getClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + primary.getClass().getName(), e);
        }
    }
}
