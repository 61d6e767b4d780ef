package io.uniroute.operator.promptset;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.PromptSetStatus;
import io.uniroute.operator.status.Conditions;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** Reports whether a PromptSet can be used: its prompt count and content hash, or what is wrong. */
@ControllerConfiguration(name = "promptset")
public final class PromptSetReconciler implements Reconciler<PromptSet> {

    private final PromptSetResolver resolver;
    private final Clock clock;

    public PromptSetReconciler(PromptSetResolver resolver, Clock clock) {
        this.resolver = resolver;
        this.clock = clock;
    }

    @Override
    public UpdateControl<PromptSet> reconcile(PromptSet ps, Context<PromptSet> context) {
        Long generation = ps.getMetadata().getGeneration();
        List<io.fabric8.kubernetes.api.model.Condition> old = ps.getStatus() == null ? List.of() : ps.getStatus().conditions();
        PromptSetStatus status;
        try {
            ResolvedPromptSet resolved = resolver.resolve(ps);
            status = new PromptSetStatus(generation,
                    Conditions.set(old, Conditions.READY, true, "Valid", resolved.size() + " prompts", generation, clock),
                    resolved.size(), resolved.hash());
        } catch (PromptSetException e) {
            status = new PromptSetStatus(generation,
                    Conditions.set(old, Conditions.READY, false, e.reason(), e.getMessage(), generation, clock), null, null);
        }
        if (Objects.equals(status, ps.getStatus())) {
            return UpdateControl.noUpdate();
        }
        PromptSetStatus next = status;
        PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(ps, context, p -> {
            p.setStatus(next);
            return p;
        });
        return UpdateControl.noUpdate();
    }
}
