package io.uniroute.operator.publishing;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.uniroute.core.clustering.KMeans;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.embedding.PromptText;
import io.uniroute.core.embedding.SharedTemplate;
import io.uniroute.core.routing.ClusterMap;
import io.uniroute.core.routing.FeatureVectors;
import io.uniroute.core.routing.KSelection;
import io.uniroute.core.routing.PsiShrinkage;
import io.uniroute.core.routing.StratifiedPromptSelection;
import io.uniroute.core.routing.NearestCentroidMap;
import io.uniroute.core.routing.SoftmaxClusterMap;
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
import io.uniroute.operator.profiling.Durations;
import io.uniroute.operator.profiling.ProfileBits;
import io.uniroute.operator.promptset.PromptSetException;
import io.uniroute.operator.promptset.ResolvedPromptSets;
import io.uniroute.operator.informers.SameNamespace;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.uniroute.operator.promptset.ResolvedPromptSet;
import io.uniroute.operator.status.Conditions;
import io.uniroute.operator.status.EventRecorder;
import io.uniroute.operator.status.StatusApply;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a RoutingPolicy's routing table: embeds its prompt set, clusters it (seeded k-means on
 * the prompts alone, so no backend moves a centroid), derives Ψ of every profiled backend, and
 * writes ConfigMap {@code <policy>-routing} (key routing.json, hash annotation, owned by the
 * policy). Backends, the prompt set and the table are read from informer caches; the prompt set's
 * prompts come resolved by the hash in its status. Any change of a backend or the prompt set in the
 * namespace re-publishes.
 */
@ControllerConfiguration(name = "routingpolicy")
public final class PolicyReconciler implements Reconciler<RoutingPolicy> {

    public static final String TABLE_KEY = "routing.json";
    public static final String HASH_ANNOTATION = "uniroute.io/table-hash";
    public static final String POLICY_LABEL = "uniroute.io/policy";
    // where the sidecar finds mounted keys: the injection webhook projects each Secret there (SidecarInjector.KEYS_DIR)
    public static final String KEY_FILE_ROOT = "/etc/uniroute/keys";

    private static final Logger LOG = LoggerFactory.getLogger(PolicyReconciler.class);

    private final ResolvedPromptSets promptSets;
    private final PromptEmbeddings embeddings;
    private final EventRecorder events;
    private final Clock clock;
    private final RoutingTableJson json = new RoutingTableJson();

    public PolicyReconciler(ResolvedPromptSets promptSets, PromptEmbeddings embeddings, EventRecorder events, Clock clock) {
        this.promptSets = promptSets;
        this.embeddings = embeddings;
        this.events = events;
        this.clock = clock;
    }

    /** The table ConfigMap's name; a gateway serves a labelled ConfigMap only under this name (the sidecar's PolicyTablesSource). */
    public static String tableName(String policy) {
        return policy + "-routing";
    }

    @Override
    public List<EventSource<?, RoutingPolicy>> prepareEventSources(EventSourceContext<RoutingPolicy> context) {
        // a new resolved prompt-set hash (e.g. read again after a restart) may unblock the policies of its namespace
        SimpleInboundEventSource<RoutingPolicy> resolved = new SimpleInboundEventSource<>("policy-resolved-promptsets");
        promptSets.onNewHash(ns -> {
            if (resolved.isRunning()) {
                context.getPrimaryCache().list(ns).forEach(p -> resolved.propagateEvent(ResourceID.fromResource(p)));
            }
        });
        return List.of(
                // selection is by labels, decided in the reconcile: every backend of the namespace is a secondary
                SameNamespace.informer("policy-backends", LLMBackend.class, RoutingPolicy.class, context),
                new InformerEventSource<>(InformerEventSourceConfiguration.from(PromptSet.class, RoutingPolicy.class)
                        .withName("policy-promptsets")
                        .withSecondaryToPrimaryMapper(ps -> context.getPrimaryCache().list(ps.getMetadata().getNamespace(),
                                p -> p.getSpec() != null && ps.getMetadata().getName().equals(p.getSpec().promptSetRef()))
                                .map(ResourceID::fromResource).collect(Collectors.toSet()))
                        .withPrimaryToSecondaryMapper((RoutingPolicy p) -> p.getSpec() == null || p.getSpec().promptSetRef() == null
                                ? Set.of() : Set.of(new ResourceID(p.getSpec().promptSetRef(), p.getMetadata().getNamespace())))
                        .build(), context),
                // a deleted or edited table is written again
                new InformerEventSource<>(InformerEventSourceConfiguration.from(ConfigMap.class, RoutingPolicy.class)
                        .withName("policy-tables").withLabelSelector(POLICY_LABEL)
                        .withSecondaryToPrimaryMapper(cm -> Set.of(new ResourceID(
                                cm.getMetadata().getLabels().get(POLICY_LABEL), cm.getMetadata().getNamespace())))
                        .withPrimaryToSecondaryMapper((RoutingPolicy p) -> Set.of(new ResourceID(
                                tableName(p.getMetadata().getName()), p.getMetadata().getNamespace())))
                        .build(), context),
                resolved);
    }

    @Override
    public UpdateControl<RoutingPolicy> reconcile(RoutingPolicy policy, Context<RoutingPolicy> context) {
        Long generation = policy.getMetadata().getGeneration();
        RoutingPolicyStatus old = policy.getStatus() != null ? policy.getStatus()
                : new RoutingPolicyStatus(null, List.of(), List.of(), List.of(), null, null, null);
        try {
            return publish(policy, context, old, generation);
        } catch (PolicyNotReady e) {
            if (!Conditions.is(old.conditions(), Conditions.READY, false, e.reason())) {
                events.warning(policy, e.reason(), e.getMessage());
            }
            List<Condition> c = Conditions.set(old.conditions(), Conditions.READY, false, e.reason(), e.getMessage(), generation, clock);
            return patch(policy, context, new RoutingPolicyStatus(generation, c, e.routable(), e.pending(), old.table(), old.estimate(), old.fit()));
        }
    }

    private UpdateControl<RoutingPolicy> publish(RoutingPolicy policy, Context<RoutingPolicy> context, RoutingPolicyStatus old,
            Long generation) throws PolicyNotReady {
        @SuppressWarnings("unchecked")
        var tableInformer = (InformerEventSource<ConfigMap, RoutingPolicy>) context.eventSourceRetriever().getEventSourceFor(ConfigMap.class);
        TableConfigMaps tables = new TableConfigMaps(context.getClient(), tableInformer, context.getSecondaryResource(ConfigMap.class),
                StatusApply.serverSideApply(context));
        String ns = policy.getMetadata().getNamespace();
        String name = policy.getMetadata().getName();
        RoutingPolicySpec spec = policy.getSpec();
        PolicySpecCheck.check(spec);

        ResolvedPromptSet set;
        try {
            set = promptSets.current(ns, spec.promptSetRef(), context.getSecondaryResource(PromptSet.class));
        } catch (PromptSetException e) {
            throw new PolicyNotReady(e.reason(), e.getMessage());
        }
        int explicitK = PolicySpecCheck.clusters(spec, set);
        PolicySpecCheck.budget(spec, explicitK);

        List<LLMBackend> selected = context.getSecondaryResources(LLMBackend.class).stream()
                .filter(b -> LabelSelectors.matches(spec.backendSelector(), b.getMetadata().getLabels()))
                .sorted(Comparator.comparing(b -> b.getMetadata().getName()))
                .toList();
        if (selected.isEmpty()) {
            throw new PolicyNotReady("NoBackends", "no LLMBackend in namespace " + ns + " matches spec.backendSelector");
        }
        if (selected.stream().anyMatch(b -> statusWiped(b) && old.routableBackends().contains(b.getMetadata().getName()))) {
            // a routable backend's status was wiped: its reconcile mirrors the kept profile back at once (and wakes
            // this policy); until then the published table stands, rather than dropping the backend for a moment
            return UpdateControl.noUpdate();
        }
        List<ProfiledBackend> routable = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        List<String> stillProfiling = new ArrayList<>();
        for (LLMBackend b : selected) {
            Optional<PromptSetProfile> profile = BackendSpecCheck.problem(b.getSpec()).isPresent() ? Optional.empty()
                    : b.getStatus() == null ? Optional.empty()
                    : b.getStatus().profiles().stream()
                            .filter(p -> set.name().equals(p.promptSet()) && set.hash().equals(p.promptSetHash()) && p.complete())
                            .findFirst();
            ProfiledBackend profiled = profile.map(p -> ProfiledBackend.of(b, p)).orElse(null);
            if (profiled != null && !profiled.graded().isEmpty()) { // every answer ungraded: nothing to route on yet
                routable.add(profiled);
            } else {
                pending.add(b.getMetadata().getName());
                if (BackendSpecCheck.problem(b.getSpec()).isEmpty() && isProfiling(b)) {
                    stillProfiling.add(b.getMetadata().getName());
                }
            }
        }
        List<String> routableNames = routable.stream().map(ProfiledBackend::name).toList();
        if (routable.isEmpty()) {
            throw new PolicyNotReady("NoProfiledBackends", "waiting for backends to be profiled on prompt set " + set.name()
                    + ": " + String.join(", ", pending), routableNames, pending);
        }

        Embedder embedder = policyEmbedder(spec);
        List<float[]> vectors = embeddings.of(set, embedder);
        SharedTemplate template = embeddings.template(set);
        double maxCost = routable.stream().mapToDouble(ProfiledBackend::costPerQuery).max().orElse(0);
        double[] normalized = routable.stream().mapToDouble(b -> maxCost > 0 ? b.costPerQuery() / maxCost : 0).toArray();
        boolean[] heldOut = RouterEstimator.split(set.size(), spec.holdoutFractionOrDefault(), spec.seedOrDefault());
        // K, θ and the estimate compare backends prompt by prompt: only prompts every one of them has a bit for
        boolean[] comparable = PsiTable.gradedByAll(routable, set.size());

        // K and θ are fitted once per prompt set and spec, then frozen: a new backend moves nothing
        String strategy = spec.strategyOrDefault();
        boolean learned = RoutingTable.STRATEGY_LEARNED_MAP.equals(strategy);
        String mapType = learned ? RoutingTable.ClusterMapSpec.SOFTMAX : RoutingTable.ClusterMapSpec.NEAREST_CENTROID;
        RoutingPolicyStatus.MapFit frozen = old.fit() != null && set.hash().equals(old.fit().promptSetHash())
                && java.util.Objects.equals(generation, old.fit().generation()) && mapType.equals(old.fit().clusterMap())
                ? old.fit() : null;
        // A fresh fit of K or θ learns from the profiled backends' labels and is then frozen, so it waits
        // for the backends still being profiled (failed ones do not hold it up); later arrivals only add Ψ.
        if (frozen == null && (explicitK <= 0 || learned) && !stillProfiling.isEmpty()) {
            throw new PolicyNotReady("WaitingForProfiles", "fitting " + (learned ? "the learned map" : "K")
                    + " once every selected backend is profiled; still profiling: " + String.join(", ", stillProfiling),
                    routableNames, pending);
        }
        int k;
        String selection;
        if (explicitK > 0) {
            k = explicitK;
            selection = spec.clusters() == null ? "default K = min(8, prompts / 5)" : "K from spec.clusters";
        } else if (frozen != null) {
            k = frozen.clusters();
            selection = frozen.selection();
        } else {
            MapFitting.KChoice choice = MapFitting.selectK(vectors, routable, normalized, heldOut, comparable, spec.seedOrDefault(),
                    spec.maxPromptsPerBackend() == null ? Integer.MAX_VALUE
                            : Math.max(1, spec.maxPromptsPerBackend() / StratifiedPromptSelection.DEFAULT_MIN_PER_CLUSTER));
            k = choice.k();
            selection = choice.description();
        }
        float[][] centroids = new KMeans(k, spec.seedOrDefault(), KSelection.KMEANS_ITERATIONS).fit(vectors).centroids();
        float[][] mapVectors = centroids;
        List<String> fittedOn = frozen != null ? frozen.fittedOn() : routableNames;
        if (learned) {
            float[][] theta = frozen != null ? tables.publishedTheta(policy, k, embedder, template) : null;
            if (theta == null) {
                theta = MapFitting.fitTheta(centroids, vectors, routable, heldOut, comparable);
                fittedOn = routableNames;
            }
            mapVectors = theta;
        }
        ClusterMap map = learned ? new SoftmaxClusterMap(mapVectors) : new NearestCentroidMap(mapVectors);
        // Ψ's empirical-Bayes prior is fitted with the map and frozen with it: a new backend moves no other backend's Ψ
        PsiShrinkage prior = frozen != null && frozen.psiPriorStrength() != null ? new PsiShrinkage(frozen.psiPriorStrength())
                : PsiTable.prior(map, vectors, routable);
        RoutingPolicyStatus.MapFit fit = new RoutingPolicyStatus.MapFit(set.hash(), generation, k, mapType, fittedOn, selection,
                Math.round(prior.priorStrength() * 1e6) / 1e6);
        prior = new PsiShrinkage(fit.psiPriorStrength());

        List<RoutingTable.Backend> tableBackends = new ArrayList<>();
        double[][] psiRows = PsiTable.psi(map, vectors, routable, null, prior);
        for (int h = 0; h < routable.size(); h++) {
            ProfiledBackend b = routable.get(h);
            tableBackends.add(new RoutingTable.Backend(b.name(), b.backend().getSpec().endpoint(), b.backend().getSpec().model(),
                    psiRows[h], b.costPerQuery(), normalized[h], b.profile().accuracy(), TableConfigMaps.apiKeyRef(b.backend()),
                    timeoutMillis(b.backend())));
        }
        RoutingTable table = new RoutingTable(RoutingTable.SCHEMA_VERSION, name, ns, spec.strategyOrDefault(),
                new RoutingTable.EmbedderRef(embedder.id(), embedder.dimension(), PromptText.Mode.LAST_USER.flag(),
                        RoutingTable.TemplateRef.of(template)),
                new RoutingTable.ClusterMapSpec(mapType, mapVectors),
                tableBackends, spec.costWeightOrDefault(), cascade(spec, routable), fallback(spec), null);
        String tableJson = json.write(table);
        String hash = RoutingTableJson.sha256(tableJson);
        boolean written = tables.write(policy, tableJson, hash);

        RouterEstimate estimate = set.size() < 2 ? null : RouterEstimator.estimate(map, vectors, routable, normalized,
                spec.costWeightOrDefault(), heldOut, comparable, prior);
        String message = "published " + tableName(name) + " (" + k + " clusters, " + routable.size() + " routable, "
                + pending.size() + " pending backends"
                + (template.isNone() ? "" : "; shared prompt template stripped before embedding: " + template.describe())
                + (estimate == null ? "" : String.format(Locale.ROOT,
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
                new PublishedTable(tableName(name), hash, k, set.hash(), publishedAt), estimate, fit));
    }

    private Embedder policyEmbedder(RoutingPolicySpec spec) throws PolicyNotReady {
        try {
            return embeddings.embedder(spec.embedderOrDefault());
        } catch (IllegalArgumentException e) {
            throw new PolicyNotReady("InvalidSpec", "spec.embedder: " + e.getMessage());
        }
    }

    private static RoutingTable.Cascade cascade(RoutingPolicySpec spec, List<ProfiledBackend> routable) throws PolicyNotReady {
        if (!RoutingTable.STRATEGY_CASCADE.equals(spec.strategyOrDefault())) {
            return null;
        }
        var c = spec.cascade();
        List<String> names = routable.stream().map(ProfiledBackend::name).toList();
        List<String> stages;
        if (c != null && c.stages() != null && !c.stages().isEmpty()) {
            stages = c.stages().stream().filter(names::contains).toList();
            if (stages.isEmpty()) {
                throw new PolicyNotReady("NoProfiledBackends", "none of the cascade stages " + c.stages() + " is a profiled backend yet",
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
        var d = RoutingTable.Fallback.DEFAULTS;
        return new RoutingTable.Fallback(f == null || f.maxAttempts() == null ? d.maxAttempts() : f.maxAttempts(),
                f == null || f.failureThreshold() == null ? d.failureThreshold() : f.failureThreshold(),
                f == null || f.openMillis() == null ? d.openMillis() : f.openMillis());
    }

    /** The backend's {@code spec.timeout}: the sidecar's time-to-first-byte limit for it (checked before profiling). */
    private static Long timeoutMillis(LLMBackend backend) {
        try {
            return Durations.parse(backend.getSpec().timeoutOrDefault()).toMillis();
        } catch (IllegalArgumentException e) {
            return null; // the sidecar's default then
        }
    }

    /** Applies the status (server-side apply) and caches the result for the next reconcile. */
    private static UpdateControl<RoutingPolicy> patch(RoutingPolicy policy, Context<RoutingPolicy> context, RoutingPolicyStatus status) {
        if (!status.equals(policy.getStatus())) {
            StatusApply.apply(policy, status, context);
        }
        return UpdateControl.noUpdate();
    }



    /** A status without what the operator always writes (removed or replaced by someone else). */
    private static boolean statusWiped(LLMBackend b) {
        return b.getStatus() == null || b.getStatus().observedGeneration() == null;
    }

    /** A backend with a valid spec that has not finished (nor failed) its profiling yet. */
    private static boolean isProfiling(LLMBackend b) {
        String phase = b.getStatus() == null ? null : b.getStatus().phase();
        return phase == null || "Profiling".equals(phase);
    }
}
