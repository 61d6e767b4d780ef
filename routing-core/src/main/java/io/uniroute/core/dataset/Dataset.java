package io.uniroute.core.dataset;

import java.util.List;
import java.util.Optional;

/**
 * A dataset in uniroute format v1: the models with their prices and the prompts with each model's
 * recorded score. {@code contentHash} is a SHA-256 of both files' bytes; it keys caches of
 * anything computed from the dataset (embeddings, for one).
 */
public record Dataset(String name, List<ModelInfo> models, List<PromptRecord> prompts, String contentHash) {

    public Dataset {
        models = List.copyOf(models);
        prompts = List.copyOf(prompts);
    }

    public List<String> modelNames() {
        return models.stream().map(ModelInfo::name).toList();
    }

    public Optional<ModelInfo> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** Whether every prompt records its actual cost for every model. */
    public boolean hasRecordedCosts() {
        return prompts.stream().allMatch(p -> p.costUsd().keySet().containsAll(modelNames()));
    }
}
