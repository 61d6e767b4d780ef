package io.uniroute.core.cascade;

import java.util.List;

/**
 * The stages a cascade will try for one prompt, cheap to expensive. Every stage but the last is
 * asked with logprobs and escalates when unsure; the last one's answer is returned whatever it is.
 */
public record CascadePlan(List<Stage> stages, List<String> skipped) {

    public CascadePlan {
        stages = List.copyOf(stages);
        skipped = List.copyOf(skipped);
    }

    /** One planned stage: the backend's index in the table, its name, γ(x, h) and its cost per query. */
    public record Stage(int backendIndex, String backend, double estimatedError, double costPerQueryUsd) {
    }

    public boolean isFinal(int position) {
        return position == stages.size() - 1;
    }
}
