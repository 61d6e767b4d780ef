package io.uniroute.operator.promptset;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.PromptSetStatus;
import io.uniroute.operator.status.Conditions;
import io.uniroute.operator.status.StatusApply;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reports whether a PromptSet can be used: its prompt count and content hash, or what is wrong.
 * The only place a set is resolved: the result goes to {@link ResolvedPromptSets} under the hash
 * written to the status, where backends and policies take it. ConfigMaps are read from this
 * controller's informer cache. A change of a ConfigMap named in {@code fromConfigMaps} re-resolves
 * the sets that read it; the new hash in their status re-profiles the backends and re-publishes the policies.
 */
@ControllerConfiguration(name = "promptset")
public final class PromptSetReconciler implements Reconciler<PromptSet> {

    private final PromptSetResolver resolver;
    private final ResolvedPromptSets resolved;
    private final Clock clock;

    public PromptSetReconciler(PromptSetResolver resolver, ResolvedPromptSets resolved, Clock clock) {
        this.resolver = resolver;
        this.resolved = resolved;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, PromptSet>> prepareEventSources(EventSourceContext<PromptSet> context) {
        // watches every ConfigMap of the watched namespaces: prompt ConfigMaps carry no label we could select on
        return List.of(new InformerEventSource<>(InformerEventSourceConfiguration.from(ConfigMap.class, PromptSet.class)
                .withName("promptset-configmaps")
                .withSecondaryToPrimaryMapper(cm -> readers(context, cm))
                .withPrimaryToSecondaryMapper((PromptSet ps) -> listed(ps)).build(), context));
    }

    /** The ConfigMaps a set names in fromConfigMaps (those that exist are its secondary resources). */
    static Set<ResourceID> listed(PromptSet ps) {
        if (ps.getSpec() == null || ps.getSpec().fromConfigMaps() == null) {
            return Set.of();
        }
        return ps.getSpec().fromConfigMaps().stream().filter(ref -> ref != null && ref.name() != null)
                .map(ref -> new ResourceID(ref.name(), ps.getMetadata().getNamespace())).collect(Collectors.toSet());
    }

    /** The prompt sets of the ConfigMap's namespace that list it in fromConfigMaps. */
    static Set<ResourceID> readers(EventSourceContext<PromptSet> context, ConfigMap cm) {
        String ns = cm.getMetadata().getNamespace();
        String name = cm.getMetadata().getName();
        return context.getPrimaryCache().list(ns)
                .filter(ps -> ps.getSpec() != null && ps.getSpec().fromConfigMaps() != null
                        && ps.getSpec().fromConfigMaps().stream().anyMatch(ref -> ref != null && name.equals(ref.name())))
                .map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    @Override
    public UpdateControl<PromptSet> reconcile(PromptSet ps, Context<PromptSet> context) {
        Long generation = ps.getMetadata().getGeneration();
        List<io.fabric8.kubernetes.api.model.Condition> old = ps.getStatus() == null ? List.of() : ps.getStatus().conditions();
        PromptSetStatus status;
        try {
            Map<String, ConfigMap> configMaps = context.getSecondaryResources(ConfigMap.class).stream()
                    .collect(Collectors.toMap(cm -> cm.getMetadata().getName(), cm -> cm, (a, b) -> a));
            ResolvedPromptSet set = resolver.resolve(ps, configMaps::get);
            resolved.put(ps.getMetadata().getNamespace(), set);
            status = new PromptSetStatus(generation,
                    Conditions.set(old, Conditions.READY, true, "Valid", set.size() + " prompts", generation, clock),
                    set.size(), set.hash());
        } catch (PromptSetException e) {
            status = new PromptSetStatus(generation,
                    Conditions.set(old, Conditions.READY, false, e.reason(), e.getMessage(), generation, clock), null, null);
        }
        if (Objects.equals(status, ps.getStatus())) {
            return UpdateControl.noUpdate();
        }
        StatusApply.apply(ps, status, context);
        return UpdateControl.noUpdate();
    }
}
