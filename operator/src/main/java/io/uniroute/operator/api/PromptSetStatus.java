package io.uniroute.operator.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** {@code hash} is the content hash that keys every profile made from this prompt set. */
public record PromptSetStatus(Long observedGeneration, List<Condition> conditions, Integer prompts, String hash) {

    public PromptSetStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }
}
