package io.uniroute.operator.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An informer whose resources relate to every primary of their namespace: a policy's label selector
 * against a backend's labels, or a backend and the prompt sets its policies name, are decided in the
 * reconcile, so any change of one re-reconciles the primaries of its namespace, and
 * {@code Context.getSecondaryResources} gives a primary every cached resource of its namespace.
 * JOSDK's default primary-to-secondary index cannot serve this: it is built from the
 * secondary-to-primary mapping at the time of the secondary's event, so it misses primaries created later.
 */
public final class SameNamespace {

    private SameNamespace() {
    }

    public static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> informer(String name, Class<R> type,
            Class<P> primary, EventSourceContext<P> context) {
        Holder<R, P> holder = new Holder<>();
        InformerEventSource<R, P> source = new InformerEventSource<>(InformerEventSourceConfiguration.from(type, primary)
                .withName(name)
                .withSecondaryToPrimaryMapper(r -> context.getPrimaryCache().list(r.getMetadata().getNamespace())
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper(holder)
                .build(), context);
        holder.source = source;
        return source;
    }

    private static final class Holder<R extends HasMetadata, P extends HasMetadata> implements PrimaryToSecondaryMapper<P> {
        private volatile InformerEventSource<R, P> source;

        @Override
        public Set<ResourceID> toSecondaryResourceIDs(P primary) {
            return source.list(primary.getMetadata().getNamespace(), r -> true).map(ResourceID::fromResource)
                    .collect(Collectors.toSet());
        }
    }
}
