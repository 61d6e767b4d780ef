package io.uniroute.operator.profiling;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
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
import io.uniroute.core.hashing.Sha256;
import io.uniroute.operator.OperatorSettings;
import io.uniroute.operator.api.Cost;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LLMBackendSpec;
import io.uniroute.operator.api.LLMBackendStatus;
import io.uniroute.operator.api.LabelSelectors;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.PromptSetProfile;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.budget.PromptBudget;
import io.uniroute.operator.judging.JudgeGraders;
import io.uniroute.operator.judging.VerdictCache;
import io.uniroute.operator.promptset.PromptSetException;
import io.uniroute.operator.promptset.PromptSetResolver;
import io.uniroute.operator.promptset.ResolvedPromptSet;
import io.uniroute.operator.publishing.PromptEmbeddings;
import io.uniroute.operator.status.Conditions;
import io.uniroute.operator.status.EventRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiles an LLMBackend on every prompt set that a RoutingPolicy selecting it uses. Each
 * reconcile runs one bounded batch and saves its outcomes to the status; the next batch is
 * scheduled at once, so progress survives a restart and a spec change is seen between batches.
 * A failure ends in Profiled=False with the reason, and is retried with exponential back-off.
 * A backend is reconciled when its spec or its labels change (labels decide which policies select
 * it), and when any policy or prompt set of its namespace changes.
 */
@ControllerConfiguration(name = "llmbackend", generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecOrLabelsChanged.class))
public final class BackendReconciler implements Reconciler<LLMBackend> {

    private static final Logger LOG = LoggerFactory.getLogger(BackendReconciler.class);
    private static final Duration NEXT_BATCH = Duration.ofMillis(1);

    private final PromptSetResolver promptSets;
    private final Profiler profiler;
    private final EventRecorder events;
    private final OperatorSettings settings;
    private final Clock clock;
    private final JudgeGraders judges;
    private final PromptBudget budget;

    public BackendReconciler(PromptSetResolver promptSets, Profiler profiler, EventRecorder events,
            OperatorSettings settings, Clock clock) {
        this(promptSets, profiler, events, settings, clock, new PromptEmbeddings(io.uniroute.core.embedding.MiniLmEmbedder::new));
    }

    /** @param embeddings the prompt embeddings a profiling budget is stratified by (shared with the policies) */
    public BackendReconciler(PromptSetResolver promptSets, Profiler profiler, EventRecorder events,
            OperatorSettings settings, Clock clock, PromptEmbeddings embeddings) {
        this.budget = new PromptBudget(embeddings);
        this.promptSets = promptSets;
        this.profiler = profiler;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.judges = new JudgeGraders(new ChatCompletionClient(), settings.retryBackoff(), new VerdictCache());
    }

    @Override
    public List<EventSource<?, LLMBackend>> prepareEventSources(EventSourceContext<LLMBackend> context) {
        // a policy or prompt set change may change what any backend of its namespace is profiled on
        return List.of(
                new InformerEventSource<>(InformerEventSourceConfiguration.from(RoutingPolicy.class, LLMBackend.class)
                        .withName("backend-policies")
                        .withSecondaryToPrimaryMapper(p -> backendsIn(context, p)).build(), context),
                new InformerEventSource<>(InformerEventSourceConfiguration.from(PromptSet.class, LLMBackend.class)
                        .withName("backend-promptsets")
                        .withSecondaryToPrimaryMapper(p -> backendsIn(context, p)).build(), context));
    }

    private static Set<ResourceID> backendsIn(EventSourceContext<LLMBackend> context, HasMetadata changed) {
        return context.getPrimaryCache().list(changed.getMetadata().getNamespace())
                .map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    @Override
    public UpdateControl<LLMBackend> reconcile(LLMBackend backend, Context<LLMBackend> context) {
        String ns = backend.getMetadata().getNamespace();
        String name = backend.getMetadata().getName();
        Long generation = backend.getMetadata().getGeneration();
        LLMBackendStatus old = backend.getStatus() != null ? backend.getStatus()
                : new LLMBackendStatus(null, "Pending", List.of(), null, null, List.of(), 0);
        LLMBackendSpec spec = backend.getSpec();

        var problem = BackendSpecCheck.problem(spec);
        if (problem.isPresent()) {
            if (!Conditions.is(old.conditions(), Conditions.READY, false, "InvalidSpec")) {
                events.warning(backend, "InvalidSpec", problem.get());
            }
            return patch(backend, context, notProfiled(old, generation, "Invalid", "InvalidSpec", problem.get(), old.profiles(), 0), null);
        }

        KubernetesClient client = context.getClient();
        // the policies selecting this backend, by prompt set: their budgets decide which prompts it is sent
        java.util.Map<String, List<RoutingPolicy>> policiesBySet = client.resources(RoutingPolicy.class).inNamespace(ns).list()
                .getItems().stream()
                .filter(p -> p.getSpec() != null && p.getSpec().promptSetRef() != null
                        && LabelSelectors.problem(p.getSpec().backendSelector()) == null
                        && LabelSelectors.matches(p.getSpec().backendSelector(), backend.getMetadata().getLabels()))
                .collect(Collectors.groupingBy(p -> p.getSpec().promptSetRef(), java.util.TreeMap::new, Collectors.toList()));
        Set<String> setNames = new TreeSet<>(policiesBySet.keySet());
        if (setNames.isEmpty()) {
            return patch(backend, context, notProfiled(old, generation, "Idle", "NotSelected",
                    "no RoutingPolicy in namespace " + ns + " selects this backend; label it to match a policy's backendSelector",
                    old.profiles(), 0), null);
        }

        List<ResolvedPromptSet> sets = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (String setName : setNames) {
            try {
                sets.add(promptSets.resolve(ns, setName));
            } catch (PromptSetException e) {
                unusable.add(e.getMessage());
            }
        }
        if (sets.isEmpty()) {
            return patch(backend, context, notProfiled(old, generation, "Pending", "PromptSetUnavailable",
                    String.join("; ", unusable), old.profiles(), 0), null);
        }

        String modelKey = modelKey(spec);
        List<PromptSetProfile> profiles = new ArrayList<>();
        for (ResolvedPromptSet set : sets) {
            BitSet selected = budget.selection(set, policiesBySet.get(set.name()));
            PromptSetProfile kept = old.profiles().stream()
                    .filter(p -> set.name().equals(p.promptSet()) && set.hash().equals(p.promptSetHash())
                            && modelKey.equals(p.modelKey()) && Objects.equals(p.prompts(), set.size()))
                    .findFirst().orElse(null);
            profiles.add(kept != null ? ProfileMath.reselected(ProfileMath.repriced(kept, spec.cost()), selected)
                    : ProfileMath.fresh(set.name(), set.hash(), modelKey, set.size(), selected,
                            set.judge() == null ? null : set.judge().backendRef()));
        }

        int current = -1;
        for (int i = 0; i < profiles.size(); i++) {
            if (!profiles.get(i).complete()) {
                current = i;
                break;
            }
        }
        if (current < 0) {
            return patch(backend, context, profiled(backend, old, generation, profiles), null);
        }

        ApiKey key;
        try {
            key = readApiKey(client, ns, spec);
        } catch (SecretProblem e) {
            return failed(backend, context, old, generation, profiles, e.reason, e.getMessage());
        }

        ResolvedPromptSet set = sets.get(current);
        PromptSetProfile profile = profiles.get(current);
        BitSet answered = ProfileBits.decode(profile.answeredBits());
        BitSet chosen = profile.selectedBits() == null ? null : ProfileBits.decode(profile.selectedBits());
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            if (!answered.get(i) && (chosen == null || chosen.get(i))) {
                todo.add(i);
            }
        }
        if (profile.completed() == 0) {
            events.normal(backend, "ProfilingStarted", "profiling " + spec.model() + " on prompt set " + set.name() + " ("
                    + (chosen == null ? set.size() + " prompts, " : profile.target() + " of its " + set.size()
                    + " prompts under the policies' budget, ") + spec.maxConcurrencyOrDefault() + " in flight)");
            profile = ProfileMath.started(profile, clock);
        }
        Grading grading = Grading.REFERENCE;
        Cost judgeCost = null;
        if (set.judge() != null) {
            try {
                LLMBackend judge = judgeBackend(client, ns, set);
                judgeCost = judge.getSpec().cost();
                grading = judgeGrader(client, ns, judge, set);
            } catch (SecretProblem e) {
                return failed(backend, context, old, generation, profiles, e.reason, e.getMessage());
            }
        }
        var target = new ChatCompletionClient.Target(name, ChatCompletionClient.Target.chatCompletionsUri(spec.endpoint()),
                spec.model(), key, Durations.parse(spec.timeoutOrDefault()), spec.maxTokens());
        Profiler.Batch batch = profiler.run(target, spec.maxConcurrencyOrDefault(), spec.maxRetriesOrDefault(), set.prompts(),
                todo, Instant.now().plus(settings.profilingBatch()), grading);
        profile = ProfileMath.merge(profile, batch.outcomes(), spec.cost(), judgeCost, clock);
        profiles.set(current, profile);
        LOG.debug("backend {}/{}: {} of {} prompts of {} profiled", ns, name, profile.completed(), profile.prompts(), set.name());

        if (batch.failure() != null) {
            return failed(backend, context, old, generation, profiles, batch.failure().reason(), batch.failure().getMessage());
        }
        if (profiles.stream().allMatch(PromptSetProfile::complete)) {
            return patch(backend, context, profiled(backend, old, generation, profiles), null);
        }
        String progress = "profiling on prompt set " + set.name() + ": " + profile.completed() + "/" + profile.target() + " prompts";
        return patch(backend, context, notProfiled(old, generation, "Profiling", "Profiling", progress, profiles, 0), NEXT_BATCH);
    }

    private LLMBackendStatus profiled(LLMBackend backend, LLMBackendStatus old, Long generation, List<PromptSetProfile> profiles) {
        boolean anyGraded = profiles.stream().anyMatch(p -> p.accuracy() != null);
        Double accuracy = anyGraded ? ProfileMath.weightedAccuracy(profiles) : null;
        double cost = profiles.stream().mapToDouble(PromptSetProfile::costPerQueryUsd).average().orElse(0);
        String message = "profiled on " + profiles.stream().map(p -> p.promptSet() + " (" + p.target() + " prompts)")
                .collect(Collectors.joining(", ")) + (accuracy == null ? String.format(": no answer graded, $%.6f per query", cost)
                : String.format(": accuracy %.3f, $%.6f per query", accuracy, cost));
        if (!Conditions.is(old.conditions(), Conditions.PROFILED, true, "Profiled")) {
            events.normal(backend, "ProfilingFinished", message);
            LOG.info("backend {}/{} {}", backend.getMetadata().getNamespace(), backend.getMetadata().getName(), message);
        }
        List<Condition> c = Conditions.set(old.conditions(), Conditions.PROFILED, true, "Profiled", message, generation, clock);
        c = Conditions.set(c, Conditions.READY, true, "Profiled", "routable by the policies that select it", generation, clock);
        c = gradedCondition(c, profiles, generation);
        c = Conditions.set(c, Conditions.DEGRADED, false, "Healthy", "the last profiling run succeeded", generation, clock);
        return new LLMBackendStatus(generation, "Ready", c, accuracy == null ? null : round(accuracy, 4), round(cost * 1000, 6),
                profiles, 0);
    }

    /** Threshold of the Graded condition: above it, too many answers went without a verdict for Ψ to be trusted as is. */
    static final double MAX_UNGRADED_SHARE = 0.05;

    /** Graded=False when more than 5% of the judge-graded answers got no usable verdict; absent without a judge. */
    private List<Condition> gradedCondition(List<Condition> c, List<PromptSetProfile> profiles, Long generation) {
        List<PromptSetProfile> judged = profiles.stream().filter(p -> p.judge() != null).toList();
        if (judged.isEmpty()) {
            return c;
        }
        int ungraded = judged.stream().mapToInt(p -> p.ungraded() == null ? 0 : p.ungraded()).sum();
        int answered = judged.stream().mapToInt(p -> p.completed() == null ? 0 : p.completed()).sum();
        String spend = judged.stream().map(p -> String.format("%s: %d calls, %d cached, $%.6f", p.judge().judge(), p.judge().calls(),
                p.judge().cacheHits(), p.judge().costUsd())).collect(Collectors.joining("; "));
        String counts = ungraded + " of " + answered + " answers ungraded (no usable verdict; Ψ ignores them); judge " + spend;
        boolean ok = answered == 0 || ungraded <= MAX_UNGRADED_SHARE * answered;
        return Conditions.set(c, Conditions.GRADED, ok, ok ? "Graded" : "TooManyUngraded",
                ok ? counts : counts + ": more than 5%; check the judge backend's answers", generation, clock);
    }

    private static LLMBackend judgeBackend(KubernetesClient client, String ns, ResolvedPromptSet set) throws SecretProblem {
        String ref = set.judge().backendRef();
        LLMBackend judge = client.resources(LLMBackend.class).inNamespace(ns).withName(ref).get();
        if (judge == null || judge.getSpec() == null) {
            throw new SecretProblem("JudgeNotFound", "PromptSet " + set.name() + " names judge LLMBackend " + ns + "/" + ref
                    + " (spec.judge.backendRef), which does not exist");
        }
        var problem = BackendSpecCheck.problem(judge.getSpec());
        if (problem.isPresent()) {
            throw new SecretProblem("JudgeInvalid", "judge LLMBackend " + ns + "/" + ref + " is invalid: " + problem.get());
        }
        return judge;
    }

    /** The judge grader of the set; the judge's API key is read like a backend's, its failures say "judge". */
    private Grading judgeGrader(KubernetesClient client, String ns, LLMBackend judge, ResolvedPromptSet set) throws SecretProblem {
        LLMBackendSpec js = judge.getSpec();
        ApiKey key;
        try {
            key = readApiKey(client, ns, js);
        } catch (SecretProblem e) {
            throw new SecretProblem("Judge" + e.reason, "judge " + judge.getMetadata().getName() + ": " + e.getMessage());
        }
        var target = new ChatCompletionClient.Target(judge.getMetadata().getName(),
                ChatCompletionClient.Target.chatCompletionsUri(js.endpoint()), js.model(), key, Durations.parse(js.timeoutOrDefault()),
                js.maxTokens());
        return judges.grader(ns + "/" + judge.getMetadata().getName(), target, js.maxConcurrencyOrDefault(), js.maxRetriesOrDefault(),
                set.judge());
    }

    private UpdateControl<LLMBackend> failed(LLMBackend backend, Context<LLMBackend> context, LLMBackendStatus old, Long generation,
            List<PromptSetProfile> profiles, String reason, String detail) {
        int failures = (old.consecutiveFailures() == null ? 0 : old.consecutiveFailures()) + 1;
        Duration delay = settings.failureDelay(failures);
        int kept = profiles.stream().mapToInt(p -> p.completed() == null ? 0 : p.completed()).sum();
        String message = detail + "; " + kept + " answers kept, retry " + failures + " in " + delay.toMillis() / 1000.0 + " s";
        events.warning(backend, "ProfilingFailed", message);
        LOG.warn("backend {}/{}: {}: {}", backend.getMetadata().getNamespace(), backend.getMetadata().getName(), reason, message);
        LLMBackendStatus s = notProfiled(old, generation, "Failed", reason, message, profiles, failures);
        if (Conditions.isTrue(old.conditions(), Conditions.READY) || Conditions.isTrue(old.conditions(), Conditions.DEGRADED)) {
            // it was routable: say so apart from the plain failure, so alerts can tell a regression
            s = new LLMBackendStatus(generation, s.phase(),
                    Conditions.set(s.conditions(), Conditions.DEGRADED, true, reason, message, generation, clock),
                    null, null, profiles, failures);
        }
        return patch(backend, context, s, delay);
    }

    private LLMBackendStatus notProfiled(LLMBackendStatus old, Long generation, String phase, String reason, String message,
            List<PromptSetProfile> profiles, int failures) {
        List<Condition> c = Conditions.set(old.conditions(), Conditions.PROFILED, false, reason, message, generation, clock);
        c = Conditions.set(c, Conditions.READY, false, reason, message, generation, clock);
        return new LLMBackendStatus(generation, phase, c, null, null, profiles, failures);
    }

    /**
     * Patches the status and caches the result, so the next batch (scheduled at once) reads its
     * own progress rather than a stale informer copy and never profiles a prompt twice.
     */
    private static UpdateControl<LLMBackend> patch(LLMBackend backend, Context<LLMBackend> context, LLMBackendStatus status,
            Duration reschedule) {
        if (!status.equals(backend.getStatus())) {
            PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(backend, context, b -> {
                b.setStatus(status);
                return b;
            });
        }
        UpdateControl<LLMBackend> control = UpdateControl.noUpdate();
        return reschedule == null ? control : control.rescheduleAfter(reschedule);
    }

    /** What a profile was measured against: a new endpoint or model is a new profile. */
    static String modelKey(LLMBackendSpec spec) {
        return Sha256.hex(spec.endpoint() + "\n" + spec.model()).substring(0, 16);
    }

    private static ApiKey readApiKey(KubernetesClient client, String ns, LLMBackendSpec spec) throws SecretProblem {
        var ref = spec.apiKeySecretRef();
        if (ref == null) {
            return null;
        }
        Secret secret = client.secrets().inNamespace(ns).withName(ref.name()).get();
        if (secret == null) {
            throw new SecretProblem("SecretNotFound", "Secret " + ns + "/" + ref.name() + " named by spec.apiKeySecretRef does not exist");
        }
        String value = null;
        if (secret.getData() != null && secret.getData().get(ref.key()) != null) {
            try {
                value = new String(Base64.getDecoder().decode(secret.getData().get(ref.key())), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new SecretProblem("SecretKeyInvalid", "Secret " + ns + "/" + ref.name() + " key " + ref.key() + " is not base64");
            }
        } else if (secret.getStringData() != null) {
            value = secret.getStringData().get(ref.key());
        }
        if (value == null || value.isBlank()) {
            throw new SecretProblem("SecretKeyMissing", "Secret " + ns + "/" + ref.name() + " has no key '" + ref.key() + "'");
        }
        return new ApiKey(value.strip());
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    private static final class SecretProblem extends Exception {
        private final String reason;

        SecretProblem(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
