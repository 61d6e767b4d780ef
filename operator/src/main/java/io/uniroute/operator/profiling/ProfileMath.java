package io.uniroute.operator.profiling;

import io.uniroute.operator.api.Cost;
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
        return new PromptSetProfile(promptSet, hash, modelKey, prompts, 0, ProfileBits.encode(new BitSet(), prompts),
                ProfileBits.encode(new BitSet(), prompts), 0L, 0L, 0L, null, null, null, null, null, null, null);
    }

    static PromptSetProfile started(PromptSetProfile p, Clock clock) {
        return new PromptSetProfile(p.promptSet(), p.promptSetHash(), p.modelKey(), p.prompts(), p.completed(), p.answeredBits(),
                p.correctBits(), p.totalLatencyMillis(), p.totalInputTokens(), p.totalOutputTokens(), p.accuracy(),
                p.meanLatencyMillis(), p.meanInputTokens(), p.meanOutputTokens(), p.costPerQueryUsd(), Conditions.now(clock), null);
    }

    static PromptSetProfile merge(PromptSetProfile p, List<Profiler.Outcome> outcomes, Cost cost, Clock clock) {
        BitSet answered = ProfileBits.decode(p.answeredBits());
        BitSet correct = ProfileBits.decode(p.correctBits());
        long latency = p.totalLatencyMillis() == null ? 0 : p.totalLatencyMillis();
        long in = p.totalInputTokens() == null ? 0 : p.totalInputTokens();
        long out = p.totalOutputTokens() == null ? 0 : p.totalOutputTokens();
        for (Profiler.Outcome o : outcomes) {
            if (answered.get(o.index())) {
                continue;
            }
            answered.set(o.index());
            correct.set(o.index(), o.correct());
            latency += o.latencyMillis();
            in += o.inputTokens();
            out += o.outputTokens();
        }
        int done = answered.cardinality();
        int n = p.prompts();
        String completedAt = done == n ? (p.completedAt() != null ? p.completedAt() : Conditions.now(clock)) : null;
        return derive(new PromptSetProfile(p.promptSet(), p.promptSetHash(), p.modelKey(), n, done,
                ProfileBits.encode(answered, n), ProfileBits.encode(correct, n), latency, in, out,
                null, null, null, null, null, p.startedAt(), completedAt), cost);
    }

    static PromptSetProfile repriced(PromptSetProfile p, Cost cost) {
        return derive(p, cost);
    }

    private static PromptSetProfile derive(PromptSetProfile p, Cost cost) {
        int done = p.completed() == null ? 0 : p.completed();
        if (done == 0) {
            return p;
        }
        double accuracy = ProfileBits.decode(p.correctBits()).cardinality() / (double) done;
        double meanIn = p.totalInputTokens() / (double) done;
        double meanOut = p.totalOutputTokens() / (double) done;
        double perQuery = (meanIn * cost.inputPerMillionTokens() + meanOut * cost.outputPerMillionTokens()) / 1e6;
        return new PromptSetProfile(p.promptSet(), p.promptSetHash(), p.modelKey(), p.prompts(), done, p.answeredBits(),
                p.correctBits(), p.totalLatencyMillis(), p.totalInputTokens(), p.totalOutputTokens(), round(accuracy, 4),
                round(p.totalLatencyMillis() / (double) done, 1), round(meanIn, 1), round(meanOut, 1), round(perQuery, 9),
                p.startedAt(), p.completedAt());
    }

    static double weightedAccuracy(List<PromptSetProfile> profiles) {
        double correct = 0;
        double total = 0;
        for (PromptSetProfile p : profiles) {
            correct += p.accuracy() * p.completed();
            total += p.completed();
        }
        return total == 0 ? 0 : correct / total;
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
