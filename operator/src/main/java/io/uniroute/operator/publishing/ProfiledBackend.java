package io.uniroute.operator.publishing;

import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptSetProfile;
import java.util.BitSet;

/** A backend with a complete profile on the policy's prompt set: what a routing table is made of. */
record ProfiledBackend(LLMBackend backend, PromptSetProfile profile, BitSet correct) {

    String name() {
        return backend.getMetadata().getName();
    }

    /** err(h, x) for every prompt, 1 = wrong. */
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
