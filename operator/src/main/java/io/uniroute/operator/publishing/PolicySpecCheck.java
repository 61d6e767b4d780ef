package io.uniroute.operator.publishing;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.operator.api.LabelSelectors;
import io.uniroute.operator.api.RoutingPolicySpec;
import io.uniroute.operator.promptset.ResolvedPromptSet;
import java.util.List;

/**
 * The checks a real API server makes through the RoutingPolicy schema and CEL rules, made again
 * (the mock API server validates nothing), and the ones only the operator can make.
 */
final class PolicySpecCheck {

    private PolicySpecCheck() {
    }

    static void check(RoutingPolicySpec spec) throws PolicyNotReady {
        if (spec == null) {
            throw new PolicyNotReady("InvalidSpec", "spec is missing");
        }
        if (spec.promptSetRef() == null || spec.promptSetRef().isBlank()) {
            throw new PolicyNotReady("InvalidSpec", "spec.promptSetRef is required (the name of a PromptSet in this namespace)");
        }
        String strategy = spec.strategyOrDefault();
        if (!List.of(RoutingTable.STRATEGY_CLUSTER, RoutingTable.STRATEGY_LEARNED_MAP, RoutingTable.STRATEGY_CASCADE).contains(strategy)) {
            throw new PolicyNotReady("InvalidSpec", "spec.strategy '" + strategy + "' is unknown (cluster, learned-map, cascade)");
        }
        if (spec.clusters() != null && !spec.clusters().matches("auto|[1-9][0-9]{0,3}")) {
            throw new PolicyNotReady("InvalidSpec", "spec.clusters must be a positive number or auto, was '" + spec.clusters() + "'");
        }
        if (!"all-minilm-l6-v2-q".equals(spec.embedderOrDefault())) {
            throw new PolicyNotReady("InvalidSpec", "spec.embedder '" + spec.embedder() + "' is unknown (all-minilm-l6-v2-q)");
        }
        double lambda = spec.costWeightOrDefault();
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new PolicyNotReady("InvalidSpec", "spec.costWeight must be a finite number >= 0, was " + spec.costWeight());
        }
        double holdout = spec.holdoutFractionOrDefault();
        if (!(holdout >= 0.1 && holdout <= 0.5)) {
            throw new PolicyNotReady("InvalidSpec", "spec.holdoutFraction must be between 0.1 and 0.5, was " + spec.holdoutFraction());
        }
        String selector = LabelSelectors.problem(spec.backendSelector());
        if (selector != null) {
            throw new PolicyNotReady("InvalidSpec", "spec." + selector);
        }
        if (spec.cascade() != null && !RoutingTable.STRATEGY_CASCADE.equals(strategy)) {
            throw new PolicyNotReady("InvalidSpec", "spec.cascade is set but spec.strategy is " + strategy + "; set strategy: cascade");
        }
        var c = spec.cascade();
        if (c != null) {
            if (c.maxStages() != null && (c.maxStages() < 1 || c.maxStages() > 10)) {
                throw new PolicyNotReady("InvalidSpec", "spec.cascade.maxStages must be between 1 and 10");
            }
            if (c.maxEstimatedError() != null && !(c.maxEstimatedError() >= 0 && c.maxEstimatedError() <= 1)) {
                throw new PolicyNotReady("InvalidSpec", "spec.cascade.maxEstimatedError must be between 0 and 1");
            }
            if (c.minMeanLogprob() != null && !(c.minMeanLogprob() <= 0)) {
                throw new PolicyNotReady("InvalidSpec", "spec.cascade.minMeanLogprob must be <= 0 (a log-probability)");
            }
        }
        var f = spec.fallback();
        if (f != null && f.maxAttempts() != null && f.maxAttempts() < 1) {
            throw new PolicyNotReady("InvalidSpec", "spec.fallback.maxAttempts must be >= 1");
        }
    }

    /**
     * A profiling budget below K leaves clusters without a single profiled prompt: refused with a
     * condition that says what to change. With clusters: auto, K is chosen at most N / 3 instead.
     */
    static void budget(RoutingPolicySpec spec, int explicitK) throws PolicyNotReady {
        Integer n = spec.maxPromptsPerBackend();
        if (n == null) {
            return;
        }
        if (n < 1) {
            throw new PolicyNotReady("InvalidSpec", "spec.profiling.maxPromptsPerBackend must be >= 1, was " + n);
        }
        if (explicitK > 0 && n < explicitK) {
            throw new PolicyNotReady("BudgetBelowClusters", "spec.profiling.maxPromptsPerBackend is " + n + " but the policy has "
                    + explicitK + " clusters: every cluster needs profiled prompts (3 each is the floor of the stratified choice); "
                    + "raise maxPromptsPerBackend to at least " + 3 * explicitK + " or lower spec.clusters");
        }
    }

    /**
     * K from the spec, or min(8, prompts / 5) (at least 1), or -1 for auto; refused when there are
     * more clusters than prompts.
     */
    static int clusters(RoutingPolicySpec spec, ResolvedPromptSet set) throws PolicyNotReady {
        if (spec.clusters() == null) {
            return Math.max(1, Math.min(8, set.size() / 5));
        }
        if ("auto".equals(spec.clusters())) {
            return -1;
        }
        int k = Integer.parseInt(spec.clusters());
        if (k > set.size()) {
            throw new PolicyNotReady("TooManyClusters", "spec.clusters is " + k + " but prompt set " + set.name() + " has only "
                    + set.size() + " prompts; lower clusters or add prompts");
        }
        return k;
    }
}
