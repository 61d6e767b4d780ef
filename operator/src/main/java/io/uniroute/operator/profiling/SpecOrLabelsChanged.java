package io.uniroute.operator.profiling;

import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.uniroute.operator.api.LLMBackend;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of an LLMBackend reconcile it: a new generation (spec) or new labels, since the
 * labels decide which policies select it and so what it is profiled on. Status writes (its own
 * progress) pass neither test; a status wiped by someone else passes, so the status is mirrored again
 * from the saved profiles. Replaces JOSDK's generation-aware filter, which drops label changes.
 */
public final class SpecOrLabelsChanged implements OnUpdateFilter<LLMBackend> {

    @Override
    public boolean accept(LLMBackend newResource, LLMBackend oldResource) {
        return !Objects.equals(newResource.getMetadata().getGeneration(), oldResource.getMetadata().getGeneration())
                || !labels(newResource).equals(labels(oldResource))
                || wiped(newResource) && !wiped(oldResource);
    }

    /** A status without what the operator always writes: removed or replaced by hand, or restored without it. */
    private static boolean wiped(LLMBackend b) {
        return b.getStatus() == null || b.getStatus().observedGeneration() == null;
    }

    private static Map<String, String> labels(LLMBackend b) {
        return b.getMetadata().getLabels() == null ? Map.of() : b.getMetadata().getLabels();
    }
}
