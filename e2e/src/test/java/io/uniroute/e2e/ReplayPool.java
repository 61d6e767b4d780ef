package io.uniroute.e2e;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.dataset.PromptRecord;
import io.uniroute.operator.api.Cost;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LLMBackendSpec;
import io.uniroute.operator.api.PromptItem;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.PromptSetSpec;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.api.RoutingPolicySpec;
import io.uniroute.operator.api.SecretKeyRef;
import io.uniroute.replay.ReplayServer;
import io.uniroute.replay.answers.GradedPrompt;
import io.uniroute.replay.datasets.BundledDatasets;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Replay backends (module replay: an OpenAI-compatible SIMULATION of recorded models, answering each
 * prompt as the model did) and the resources that profile them: a prompt set of every {@code stride}-th
 * bundled prompt, backends labelled into one pool, a policy over the pool.
 */
final class ReplayPool {

    static final String POOL_LABEL = "uniroute.io/pool";
    static final String GEMMA = "gemma-2-9b-it";
    static final String NEMOTRON = "llama-3.1-nemotron-51b-instruct";
    static final String QWEN = "qwen2.5-7b-instruct";

    final Dataset data = BundledDatasets.llmrouterMini();
    final List<GradedPrompt> prompts;

    ReplayPool(int stride) {
        try (ReplayServer probe = ReplayServer.builder(data).models(List.of(GEMMA)).start()) {
            List<GradedPrompt> all = probe.gradedPrompts();
            prompts = IntStream.range(0, all.size()).filter(i -> i % stride == 0).mapToObj(all::get).toList();
        }
    }

    ReplayServer.Builder server(String apiKey) {
        return ReplayServer.builder(data).models(List.of(GEMMA, NEMOTRON, QWEN)).apiKey(apiKey);
    }

    PromptSet promptSet(String name) {
        PromptSet ps = new PromptSet();
        ps.setMetadata(new ObjectMetaBuilder().withName(name).build());
        ps.setSpec(new PromptSetSpec(null, prompts.stream()
                .map(p -> new PromptItem(p.id(), p.message(), null, p.reference(), p.grader(), null)).toList(), null));
        return ps;
    }

    LLMBackend backend(String name, URI endpoint, String model, String secret, String pool) {
        var info = data.model(model).orElseThrow();
        LLMBackend b = new LLMBackend();
        b.setMetadata(new ObjectMetaBuilder().withName(name).addToLabels(POOL_LABEL, pool).build());
        b.setSpec(new LLMBackendSpec(endpoint.toString(), model, secret == null ? null : new SecretKeyRef(secret, "apiKey"),
                new Cost(info.inputUsdPerMtok(), info.outputUsdPerMtok()), 4, "10s", 2, null));
        return b;
    }

    static RoutingPolicy policy(String name, String pool, String promptSet, String clusters) {
        RoutingPolicy p = new RoutingPolicy();
        p.setMetadata(new ObjectMetaBuilder().withName(name).build());
        p.setSpec(new RoutingPolicySpec(new LabelSelectorBuilder().addToMatchLabels(POOL_LABEL, pool).build(), promptSet,
                "cluster", clusters, null, 0.2, 42L, null, null, null));
        return p;
    }

    /** The share of the profiled prompts the model answered right in its recorded results. */
    double recordedAccuracy(String model) {
        Map<String, PromptRecord> byId = data.prompts().stream().collect(Collectors.toMap(PromptRecord::id, p -> p));
        return prompts.stream().mapToDouble(p -> byId.get(p.id()).scores().get(model) >= 0.5 ? 1 : 0).average().orElseThrow();
    }
}
