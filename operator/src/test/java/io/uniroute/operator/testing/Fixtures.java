package io.uniroute.operator.testing;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.uniroute.operator.api.Cost;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LLMBackendSpec;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.api.RoutingPolicySpec;
import io.uniroute.operator.api.SecretKeyRef;

/** Resources built in code for tests that need many variants; the happy path uses examples/ instead. */
public final class Fixtures {

    public static final String POOL_LABEL = "uniroute.io/pool";

    private Fixtures() {
    }

    public static LLMBackend backend(String name, String pool, LLMBackendSpec spec) {
        LLMBackend b = new LLMBackend();
        b.setMetadata(new ObjectMetaBuilder().withName(name).addToLabels(POOL_LABEL, pool).build());
        b.setSpec(spec);
        return b;
    }

    public static LLMBackendSpec spec(String endpoint, int maxConcurrency, String timeout, int maxRetries, SecretKeyRef key) {
        return new LLMBackendSpec(endpoint, "test-model", key, new Cost(0.5, 1.5), maxConcurrency, timeout, maxRetries, null);
    }

    public static RoutingPolicy policy(String name, String pool, String promptSet, String clusters) {
        RoutingPolicy p = new RoutingPolicy();
        p.setMetadata(new ObjectMetaBuilder().withName(name).build());
        p.setSpec(new RoutingPolicySpec(new LabelSelectorBuilder().addToMatchLabels(POOL_LABEL, pool).build(), promptSet,
                "cluster", clusters, null, 0.2, 42L, null, null, null));
        return p;
    }

    /** The example prompt set (24 prompts), named as asked. */
    public static PromptSet examplePrompts(String name) {
        PromptSet ps = Examples.one("promptset.yaml", PromptSet.class);
        ps.getMetadata().setName(name);
        return ps;
    }
}
