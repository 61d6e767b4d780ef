package io.uniroute.operator.publishing;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.uniroute.core.clustering.KMeans;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.routing.ClusterMap;
import io.uniroute.core.routing.FeatureVectors;
import io.uniroute.core.routing.NearestCentroidMap;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.core.table.RoutingTableJson;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LabelSelectors;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.PromptSetProfile;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.api.RoutingPolicySpec;
import io.uniroute.operator.api.RoutingPolicyStatus;
import io.uniroute.operator.api.RoutingPolicyStatus.PublishedTable;
import io.uniroute.operator.api.RoutingPolicyStatus.RouterEstimate;
import io.uniroute.operator.profiling.BackendSpecCheck;
import io.uniroute.operator.profiling.ProfileBits;
import io.uniroute.operator.promptset.PromptSetException;
import io.uniroute.operator.promptset.PromptSetResolver;
import io.uniroute.operator.promptset.ResolvedPromptSet;
import io.uniroute.operator.status.Conditions;
import io.uniroute.operator.status.EventRecorder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a RoutingPolicy's routing table: embeds its prompt set, clusters it (seeded k-means on
 * the prompts alone, so no backend moves a centroid), derives Ψ of every profiled backend, and
 * writes ConfigMap {@code <policy>-routing} (key routing.json, hash annotation, owned by the
 * policy). Any change of a backend or the prompt set in the namespace re-publishes.
 */
@ControllerConfiguration(name = "routingpolicy")
public final class PolicyReconciler implements Reconciler<RoutingPolicy> {

    public static final String TABLE_KEY = "routing.json";
    public static final String HASH_ANNOTATION = "uniroute.io/table-hash";
    public static final String POLICY_LABEL = "uniroute.io/policy";
    public static final String KEY_FILE_ROOT = "/var/run/secrets/uniroute";

    private static final Logger LOG = LoggerFactory.getLogger(PolicyReconciler.class);

    private final PromptSetResolver promptSets;
    private final PromptEmbeddings embeddings;
    private final EventRecorder events;
    private final Clock clock;
    private final RoutingTableJson json = new RoutingTableJson();

    public PolicyReconciler(PromptSetResolver promptSets, PromptEmbeddings embeddings, EventRecorder events, Clock clock) {
        this.promptSets = promptSets;
        this.embeddings = embeddings;
        this.events = events;
        this.clock = clock;
    }

    public static String tableName(String policy) {
        return policy + "-routing";
    }

    @Override
    public List<EventSource<?, RoutingPolicy>> prepareEventSources(EventSourceContext<RoutingPolicy> context) {
        return List.of(
                new InformerEventSource<>(InformerEventSourceConfiguration.from(LLMBackend.class, RoutingPolicy.class)
                        .withName("policy-backends")
                        .withSecondaryToPrimaryMapper(b -> policiesIn(context, b)).build(), context),
                new InformerEventSource<>(InformerEventSourceConfiguration.from(PromptSet.class, RoutingPolicy.class)
                        .withName("policy-promptsets")
                        .withSecondaryToPrimaryMapper(p -> policiesIn(context, p)).build(), context),
                // a deleted or edited table is written again
                new InformerEventSource<>(InformerEventSourceConfiguration.from(ConfigMap.class, RoutingPolicy.class)
                        .withName("policy-tables").withLabelSelector(POLICY_LABEL)
                        .withSecondaryToPrimaryMapper(cm -> Set.of(new ResourceID(
                                cm.getMetadata().getLabels().get(POLICY_LABEL), cm.getMetadata().getNamespace()))).build(), context));
    }

    private static Set<ResourceID> policiesIn(EventSourceContext<RoutingPolicy> context, HasMetadata changed) {
        return context.getPrimaryCache().list(changed.getMetadata().getNamespace())
                .map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    @Override
    public UpdateControl<RoutingPolicy> reconcile(RoutingPolicy policy, Context<RoutingPolicy> context) {
        Long generation = policy.getMetadata().getGeneration();
        RoutingPolicyStatus old = policy.getStatus() != null ? policy.getStatus()
                : new RoutingPolicyStatus(null, List.of(), List.of(), List.of(), null, null);
        try {
            return publish(policy, context, old, generation);
        } catch (NotReady e) {
            if (!Conditions.is(old.conditions(), Conditions.READY, false, e.reason)) {
                events.warning(policy, e.reason, e.getMessage());
            }
            List<Condition> c = Conditions.set(old.conditions(), Conditions.READY, false, e.reason, e.getMessage(), generation, clock);
            return patch(policy, context, new RoutingPolicyStatus(generation, c, e.routable, e.pending, old.table(), old.estimate()));
        }
    }

    private UpdateControl<RoutingPolicy> publish(RoutingPolicy policy, Context<RoutingPolicy> context, RoutingPolicyStatus old,
            Long generation) throws NotReady {
        KubernetesClient client = context.getClient();
        String ns = policy.getMetadata().getNamespace();
        String name = policy.getMetadata().getName();
        RoutingPolicySpec spec = policy.getSpec();
        checkSpec(spec);

        ResolvedPromptSet set;
        try {
            set = promptSets.resolve(ns, spec.promptSetRef());
        } catch (PromptSetException e) {
            throw new NotReady(e.reason(), e.getMessage());
        }
        int k = clusters(spec, set);

        List<LLMBackend> selected = client.resources(LLMBackend.class).inNamespace(ns).list().getItems().stream()
                .filter(b -> LabelSelectors.matches(spec.backendSelector(), b.getMetadata().getLabels()))
                .sorted(Comparator.comparing(b -> b.getMetadata().getName()))
                .toList();
        if (selected.isEmpty()) {
            throw new NotReady("NoBackends", "no LLMBackend in namespace " + ns + " matches spec.backendSelector");
        }
        List<ProfiledBackend> routable = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        for (LLMBackend b : selected) {
            Optional<PromptSetProfile> profile = BackendSpecCheck.problem(b.getSpec()).isPresent() ? Optional.empty()
                    : b.getStatus() == null ? Optional.empty()
                    : b.getStatus().profiles().stream()
                            .filter(p -> set.name().equals(p.promptSet()) && set.hash().equals(p.promptSetHash()) && p.complete())
                            .findFirst();
            if (profile.isPresent()) {
                routable.add(new ProfiledBackend(b, profile.get(), ProfileBits.decode(profile.get().correctBits())));
            } else {
                pending.add(b.getMetadata().getName());
            }
        }
        List<String> routableNames = routable.stream().map(ProfiledBackend::name).toList();
        if (routable.isEmpty()) {
            throw new NotReady("NoProfiledBackends", "waiting for backends to be profiled on prompt set " + set.name()
                    + ": " + String.join(", ", pending), routableNames, pending);
        }

        Embedder embedder = embeddings.embedder();
        List<float[]> vectors = embeddings.of(set);
        float[][] centroids = new KMeans(k, spec.seedOrDefault()).fit(vectors).centroids();
        ClusterMap map = new NearestCentroidMap(centroids);
        double maxCost = routable.stream().mapToDouble(ProfiledBackend::costPerQuery).max().orElse(0);
        double[] normalized = routable.stream().mapToDouble(b -> maxCost > 0 ? b.costPerQuery() / maxCost : 0).toArray();

        List<RoutingTable.Backend> tableBackends = new ArrayList<>();
        for (int h = 0; h < routable.size(); h++) {
            ProfiledBackend b = routable.get(h);
            double[] psi = FeatureVectors.psi(map, vectors, b.errors());
            tableBackends.add(new RoutingTable.Backend(b.name(), b.backend().getSpec().endpoint(), b.backend().getSpec().model(),
                    psi, b.costPerQuery(), normalized[h], b.profile().accuracy(), apiKeyRef(b.backend())));
        }
        RoutingTable table = new RoutingTable(RoutingTable.SCHEMA_VERSION, name, ns, spec.strategyOrDefault(),
                new RoutingTable.EmbedderRef(embedder.id(), embedder.dimension()),
                new RoutingTable.ClusterMapSpec(RoutingTable.ClusterMapSpec.NEAREST_CENTROID, centroids),
                tableBackends, spec.costWeightOrDefault(), cascade(spec, routable), fallback(spec), null);
        String tableJson = json.write(table);
        String hash = RoutingTableJson.sha256(tableJson);
        boolean written = writeTable(client, policy, tableJson, hash);

        RouterEstimate estimate = set.size() < 2 ? null : RouterEstimator.estimate(map, vectors, routable, normalized,
                spec.costWeightOrDefault(), spec.holdoutFractionOrDefault(), spec.seedOrDefault());
        String message = "published " + tableName(name) + " (" + k + " clusters, " + routable.size() + " routable, "
                + pending.size() + " pending backends" + (estimate == null ? "" : String.format(Locale.ROOT,
                "; router accuracy %.3f at $%.6f per query on %d held-out prompts", estimate.router().accuracy(),
                estimate.router().costPerQueryUsd(), estimate.heldOutPrompts())) + ")";
        if (written) {
            events.normal(policy, "TablePublished", message + ", hash " + hash.substring(0, 12));
            LOG.info("policy {}/{}: {}", ns, name, message);
        }
        String publishedAt = written || old.table() == null || !hash.equals(old.table().hash()) ? Conditions.now(clock)
                : old.table().publishedAt();
        List<Condition> c = Conditions.set(old.conditions(), Conditions.READY, true, "Published", message, generation, clock);
        return patch(policy, context, new RoutingPolicyStatus(generation, c, routableNames, pending,
                new PublishedTable(tableName(name), hash, k, set.hash(), publishedAt), estimate));
    }

    private static void checkSpec(RoutingPolicySpec spec) throws NotReady {
        if (spec == null) {
            throw new NotReady("InvalidSpec", "spec is missing");
        }
        if (spec.promptSetRef() == null || spec.promptSetRef().isBlank()) {
            throw new NotReady("InvalidSpec", "spec.promptSetRef is required (the name of a PromptSet in this namespace)");
        }
        String strategy = spec.strategyOrDefault();
        if (!List.of(RoutingTable.STRATEGY_CLUSTER, RoutingTable.STRATEGY_LEARNED_MAP, RoutingTable.STRATEGY_CASCADE).contains(strategy)) {
            throw new NotReady("InvalidSpec", "spec.strategy '" + strategy + "' is unknown (cluster, learned-map, cascade)");
        }
        if (RoutingTable.STRATEGY_LEARNED_MAP.equals(strategy)) {
            throw new NotReady("NotSupportedYet", "strategy learned-map is not supported by this operator build yet; use cluster or cascade");
        }
        if (spec.clusters() != null && !spec.clusters().matches("auto|[1-9][0-9]{0,3}")) {
            throw new NotReady("InvalidSpec", "spec.clusters must be a positive number or auto, was '" + spec.clusters() + "'");
        }
        if ("auto".equals(spec.clusters())) {
            throw new NotReady("NotSupportedYet", "clusters: auto is not supported by this operator build yet; give a number");
        }
        if (!"all-minilm-l6-v2-q".equals(spec.embedderOrDefault())) {
            throw new NotReady("InvalidSpec", "spec.embedder '" + spec.embedder() + "' is unknown (all-minilm-l6-v2-q)");
        }
        double lambda = spec.costWeightOrDefault();
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new NotReady("InvalidSpec", "spec.costWeight must be a finite number >= 0, was " + spec.costWeight());
        }
        double holdout = spec.holdoutFractionOrDefault();
        if (!(holdout >= 0.1 && holdout <= 0.5)) {
            throw new NotReady("InvalidSpec", "spec.holdoutFraction must be between 0.1 and 0.5, was " + spec.holdoutFraction());
        }
        String selector = LabelSelectors.problem(spec.backendSelector());
        if (selector != null) {
            throw new NotReady("InvalidSpec", "spec." + selector);
        }
        if (spec.cascade() != null && !RoutingTable.STRATEGY_CASCADE.equals(strategy)) {
            throw new NotReady("InvalidSpec", "spec.cascade is set but spec.strategy is " + strategy + "; set strategy: cascade");
        }
        var c = spec.cascade();
        if (c != null) {
            if (c.maxStages() != null && (c.maxStages() < 1 || c.maxStages() > 10)) {
                throw new NotReady("InvalidSpec", "spec.cascade.maxStages must be between 1 and 10");
            }
            if (c.maxEstimatedError() != null && !(c.maxEstimatedError() >= 0 && c.maxEstimatedError() <= 1)) {
                throw new NotReady("InvalidSpec", "spec.cascade.maxEstimatedError must be between 0 and 1");
            }
            if (c.minMeanLogprob() != null && !(c.minMeanLogprob() <= 0)) {
                throw new NotReady("InvalidSpec", "spec.cascade.minMeanLogprob must be <= 0 (a log-probability)");
            }
        }
        var f = spec.fallback();
        if (f != null && f.maxAttempts() != null && f.maxAttempts() < 1) {
            throw new NotReady("InvalidSpec", "spec.fallback.maxAttempts must be >= 1");
        }
    }

    /** K from the spec, or min(8, prompts / 5) (at least 1); refused when there are more clusters than prompts. */
    private static int clusters(RoutingPolicySpec spec, ResolvedPromptSet set) throws NotReady {
        if (spec.clusters() == null) {
            return Math.max(1, Math.min(8, set.size() / 5));
        }
        int k = Integer.parseInt(spec.clusters());
        if (k > set.size()) {
            throw new NotReady("TooManyClusters", "spec.clusters is " + k + " but prompt set " + set.name() + " has only "
                    + set.size() + " prompts; lower clusters or add prompts");
        }
        return k;
    }

    private static RoutingTable.Cascade cascade(RoutingPolicySpec spec, List<ProfiledBackend> routable) throws NotReady {
        if (!RoutingTable.STRATEGY_CASCADE.equals(spec.strategyOrDefault())) {
            return null;
        }
        var c = spec.cascade();
        List<String> names = routable.stream().map(ProfiledBackend::name).toList();
        List<String> stages;
        if (c != null && c.stages() != null && !c.stages().isEmpty()) {
            stages = c.stages().stream().filter(names::contains).toList();
            if (stages.isEmpty()) {
                throw new NotReady("NoProfiledBackends", "none of the cascade stages " + c.stages() + " is a profiled backend yet",
                        names, List.of());
            }
        } else {
            stages = routable.stream().sorted(Comparator.comparingDouble(ProfiledBackend::costPerQuery)
                    .thenComparing(ProfiledBackend::name)).map(ProfiledBackend::name).toList();
        }
        return new RoutingTable.Cascade(stages,
                c == null || c.maxEstimatedError() == null ? 0.5 : c.maxEstimatedError(),
                c == null || c.minMeanLogprob() == null ? -0.5 : c.minMeanLogprob(),
                c == null || c.maxStages() == null ? 3 : c.maxStages());
    }

    private static RoutingTable.Fallback fallback(RoutingPolicySpec spec) {
        var f = spec.fallback();
        return new RoutingTable.Fallback(f == null || f.maxAttempts() == null ? 2 : f.maxAttempts(),
                f == null || f.failureThreshold() == null ? 5 : f.failureThreshold(),
                f == null || f.openMillis() == null ? 30_000 : f.openMillis());
    }

    /** Names the Secret and where the sidecar finds its key; never the key. */
    private static RoutingTable.ApiKeyRef apiKeyRef(LLMBackend b) {
        var ref = b.getSpec().apiKeySecretRef();
        if (ref == null) {
            return null;
        }
        String env = "UNIROUTE_API_KEY_" + b.getMetadata().getName().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        return new RoutingTable.ApiKeyRef(ref.name(), ref.key(), env, KEY_FILE_ROOT + "/" + ref.name() + "/" + ref.key());
    }

    /** Writes the ConfigMap when its hash differs; true when it wrote. */
    private static boolean writeTable(KubernetesClient client, RoutingPolicy policy, String tableJson, String hash) {
        String ns = policy.getMetadata().getNamespace();
        String name = tableName(policy.getMetadata().getName());
        ConfigMap existing = client.configMaps().inNamespace(ns).withName(name).get();
        if (existing != null && existing.getMetadata().getAnnotations() != null
                && hash.equals(existing.getMetadata().getAnnotations().get(HASH_ANNOTATION))
                && existing.getData() != null && tableJson.equals(existing.getData().get(TABLE_KEY))) {
            return false;
        }
        ConfigMap desired = new ConfigMapBuilder()
                .withNewMetadata().withName(name).withNamespace(ns)
                .addToLabels(POLICY_LABEL, policy.getMetadata().getName())
                .addToLabels("app.kubernetes.io/managed-by", "uniroute-operator")
                .addToAnnotations(HASH_ANNOTATION, hash)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(policy.getApiVersion()).withKind(policy.getKind())
                        .withName(policy.getMetadata().getName()).withUid(policy.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withData(Map.of(TABLE_KEY, tableJson))
                .build();
        if (existing == null) {
            client.configMaps().inNamespace(ns).resource(desired).create();
        } else {
            client.configMaps().inNamespace(ns).withName(name).edit(cm -> new ConfigMapBuilder(cm)
                    .editMetadata().addToAnnotations(HASH_ANNOTATION, hash)
                    .addToLabels(desired.getMetadata().getLabels())
                    .withOwnerReferences(desired.getMetadata().getOwnerReferences()).endMetadata()
                    .withData(Map.of(TABLE_KEY, tableJson)).build());
        }
        return true;
    }

    /** Replaces the status (optimistic locking on resourceVersion) and caches the result for the next reconcile. */
    private static UpdateControl<RoutingPolicy> patch(RoutingPolicy policy, Context<RoutingPolicy> context, RoutingPolicyStatus status) {
        if (!status.equals(policy.getStatus())) {
            PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(policy, context, p -> {
                p.setStatus(status);
                return p;
            });
        }
        return UpdateControl.noUpdate();
    }

    /** The policy cannot be published yet; {@code reason} is the Ready=False reason. */
    private static final class NotReady extends Exception {
        private final String reason;
        private final List<String> routable;
        private final List<String> pending;

        NotReady(String reason, String message) {
            this(reason, message, List.of(), List.of());
        }

        NotReady(String reason, String message, List<String> routable, List<String> pending) {
            super(message, null, false, false);
            this.reason = reason;
            this.routable = routable;
            this.pending = pending;
        }
    }
}
