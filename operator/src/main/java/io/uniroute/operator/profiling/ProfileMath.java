package io.uniroute.operator.profiling;

import io.uniroute.operator.api.Cost;
import io.uniroute.operator.api.JudgeSpend;
import io.uniroute.operator.api.PromptSetProfile;
import io.uniroute.operator.status.Conditions;
import java.time.Clock;
import java.util.BitSet;
import java.util.List;

/** Pure updates of a {@link PromptSetProfile}: new, merged with a batch, re-priced. */
final class ProfileMath {

    private ProfileMath() {
    }

    static PromptSetProfile fresh(String promptSet, String hash, String modelKey, int prompts) {
        return fresh(promptSet, hash, modelKey, prompts, null, null);
    }

    /**
     * @param selected the prompts to profile under a budget, or null for all
     * @param judge    the judge backend's name when the set has judge-graded entries, else null
     */
    static PromptSetProfile fresh(String promptSet, String hash, String modelKey, int prompts, BitSet selected, String judge) {
        String empty = ProfileBits.encode(new BitSet(), prompts);
        return new PromptSetProfile(promptSet, hash, modelKey, prompts, 0, empty, empty, 0L, 0L, 0L, null, null, null, null, null,
                null, null, selected == null ? null : ProfileBits.encode(selected, prompts), selected == null ? null : selected.cardinality(),
                judge == null ? null : empty, judge == null ? null : 0, judge == null ? null : JudgeSpend.none(judge));
    }

    /**
     * A kept profile under a (possibly new) budget choice: the prompts already answered stay part of it
     * (they are paid for), the newly chosen ones are added; null means every prompt.
     */
    static PromptSetProfile reselected(PromptSetProfile p, BitSet selected) {
        String bits;
        Integer count;
        if (selected == null) {
            bits = null;
            count = null;
        } else {
            BitSet union = (BitSet) selected.clone();
            union.or(ProfileBits.decode(p.answeredBits()));
            bits = ProfileBits.encode(union, p.prompts());
            count = union.cardinality();
        }
        if (java.util.Objects.equals(bits, p.selectedBits())) {
            return p;
        }
        int done = p.completed() == null ? 0 : p.completed();
        boolean complete = done == (count != null ? count : p.prompts());
        return new PromptSetProfile(p.promptSet(), p.promptSetHash(), p.modelKey(), p.prompts(), p.completed(), p.answeredBits(),
                p.correctBits(), p.totalLatencyMillis(), p.totalInputTokens(), p.totalOutputTokens(), p.accuracy(),
                p.meanLatencyMillis(), p.meanInputTokens(), p.meanOutputTokens(), p.costPerQueryUsd(), p.startedAt(),
                complete ? p.completedAt() : null, bits, count, p.ungradedBits(), p.ungraded(), p.judge());
    }

    static PromptSetProfile started(PromptSetProfile p, Clock clock) {
        return with(p, p.completed(), p.answeredBits(), p.correctBits(), p.totalLatencyMillis(), p.totalInputTokens(),
                p.totalOutputTokens(), Conditions.now(clock), null, p.ungradedBits(), p.ungraded(), p.judge());
    }

    static PromptSetProfile merge(PromptSetProfile p, List<Profiler.Outcome> outcomes, Cost cost, Clock clock) {
        return merge(p, outcomes, cost, null, clock);
    }

    /** @param judgeCost the judge backend's price, for the judge's spend (null when there is no judge) */
    static PromptSetProfile merge(PromptSetProfile p, List<Profiler.Outcome> outcomes, Cost cost, Cost judgeCost, Clock clock) {
        BitSet answered = ProfileBits.decode(p.answeredBits());
        BitSet correct = ProfileBits.decode(p.correctBits());
        BitSet ungraded = ProfileBits.decode(p.ungradedBits());
        long latency = p.totalLatencyMillis() == null ? 0 : p.totalLatencyMillis();
        long in = p.totalInputTokens() == null ? 0 : p.totalInputTokens();
        long out = p.totalOutputTokens() == null ? 0 : p.totalOutputTokens();
        JudgeSpend spend = p.judge();
        for (Profiler.Outcome o : outcomes) {
            if (answered.get(o.index())) {
                continue;
            }
            answered.set(o.index());
            correct.set(o.index(), o.correct() && !o.ungraded());
            ungraded.set(o.index(), o.ungraded());
            latency += o.latencyMillis();
            in += o.inputTokens();
            out += o.outputTokens();
            Grading.JudgeUse j = o.judge();
            if (spend != null && j != null && (j.calls() > 0 || j.cacheHits() > 0)) {
                double price = judgeCost == null ? 0
                        : (j.inputTokens() * judgeCost.inputPerMillionTokens() + j.outputTokens() * judgeCost.outputPerMillionTokens()) / 1e6;
                spend = spend.plus(j.calls(), j.cacheHits(), j.inputTokens(), j.outputTokens(), price);
            }
        }
        int done = answered.cardinality();
        int n = p.prompts();
        boolean complete = done == p.target();
        String completedAt = complete ? (p.completedAt() != null ? p.completedAt() : Conditions.now(clock)) : null;
        boolean judged = p.ungradedBits() != null;
        return derive(with(p, done, ProfileBits.encode(answered, n), ProfileBits.encode(correct, n), latency, in, out, p.startedAt(),
                completedAt, judged ? ProfileBits.encode(ungraded, n) : null, judged ? ungraded.cardinality() : null, spend), cost);
    }

    static PromptSetProfile repriced(PromptSetProfile p, Cost cost) {
        return derive(p, cost);
    }

    /** Accuracy over the graded answers (ungraded ones say nothing); tokens and cost over every answer. */
    private static PromptSetProfile derive(PromptSetProfile p, Cost cost) {
        int done = p.completed() == null ? 0 : p.completed();
        if (done == 0) {
            return p;
        }
        int graded = done - (p.ungraded() == null ? 0 : p.ungraded());
        Double accuracy = graded == 0 ? null : round(ProfileBits.decode(p.correctBits()).cardinality() / (double) graded, 4);
        double meanIn = p.totalInputTokens() / (double) done;
        double meanOut = p.totalOutputTokens() / (double) done;
        double perQuery = (meanIn * cost.inputPerMillionTokens() + meanOut * cost.outputPerMillionTokens()) / 1e6;
        return new PromptSetProfile(p.promptSet(), p.promptSetHash(), p.modelKey(), p.prompts(), done, p.answeredBits(),
                p.correctBits(), p.totalLatencyMillis(), p.totalInputTokens(), p.totalOutputTokens(), accuracy,
                round(p.totalLatencyMillis() / (double) done, 1), round(meanIn, 1), round(meanOut, 1), round(perQuery, 9),
                p.startedAt(), p.completedAt(), p.selectedBits(), p.selected(), p.ungradedBits(), p.ungraded(), p.judge());
    }

    private static PromptSetProfile with(PromptSetProfile p, Integer completed, String answered, String correct, Long latency,
            Long in, Long out, String startedAt, String completedAt, String ungradedBits, Integer ungraded, JudgeSpend judge) {
        return new PromptSetProfile(p.promptSet(), p.promptSetHash(), p.modelKey(), p.prompts(), completed, answered, correct,
                latency, in, out, null, null, null, null, null, startedAt, completedAt, p.selectedBits(), p.selected(),
                ungradedBits, ungraded, judge);
    }

    /** Accuracy over every graded answer of every profile. */
    static double weightedAccuracy(List<PromptSetProfile> profiles) {
        double correct = 0;
        double total = 0;
        for (PromptSetProfile p : profiles) {
            int graded = (p.completed() == null ? 0 : p.completed()) - (p.ungraded() == null ? 0 : p.ungraded());
            if (p.accuracy() != null) {
                correct += p.accuracy() * graded;
                total += graded;
            }
        }
        return total == 0 ? 0 : correct / total;
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
