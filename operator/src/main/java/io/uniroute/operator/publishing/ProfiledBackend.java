package io.uniroute.operator.publishing;

import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptSetProfile;
import io.uniroute.operator.profiling.ProfileBits;
import java.util.BitSet;

/**
 * A backend with a complete profile on the policy's prompt set: what a routing table is made of.
 * {@code graded}: the prompts it has a correctness bit for — all of them, or fewer under a profiling
 * budget or where the judge gave no usable verdict. Ψ and every estimate use only those.
 */
record ProfiledBackend(LLMBackend backend, PromptSetProfile profile, BitSet correct, BitSet graded) {

    ProfiledBackend(LLMBackend backend, PromptSetProfile profile, BitSet correct) {
        this(backend, profile, correct, all(profile.prompts()));
    }

    static ProfiledBackend of(LLMBackend backend, PromptSetProfile profile) {
        BitSet graded = ProfileBits.decode(profile.answeredBits());
        graded.andNot(ProfileBits.decode(profile.ungradedBits()));
        graded.clear(profile.prompts(), Math.max(profile.prompts(), graded.length()));
        return new ProfiledBackend(backend, profile, ProfileBits.decode(profile.correctBits()), graded);
    }

    private static BitSet all(int n) {
        BitSet b = new BitSet(n);
        b.set(0, n);
        return b;
    }

    String name() {
        return backend.getMetadata().getName();
    }

    /** err(h, x) for every prompt, 1 = wrong (meaningful only where {@link #graded}). */
    double[] errors() {
        double[] e = new double[profile.prompts()];
        for (int i = 0; i < e.length; i++) {
            e[i] = correct.get(i) ? 0 : 1;
        }
        return e;
    }

    double costPerQuery() {
        return profile.costPerQueryUsd() == null ? 0 : profile.costPerQueryUsd();
    }
}
