package io.uniroute.operator.profiling;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.uniroute.core.hashing.Sha256;
import io.uniroute.operator.api.Cost;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LLMBackendSpec;
import io.uniroute.operator.api.LLMBackendStatus;
import io.uniroute.operator.api.LabelSelectors;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.PromptSetProfile;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.budget.PromptBudget;
import io.uniroute.operator.informers.SameNamespace;
import io.uniroute.operator.judging.JudgeGraders;
import io.uniroute.operator.judging.VerdictCache;
import io.uniroute.operator.promptset.PromptSetException;
import io.uniroute.operator.promptset.ResolvedPromptSet;
import io.uniroute.operator.promptset.ResolvedPromptSets;
import io.uniroute.operator.publishing.PromptEmbeddings;
import io.uniroute.operator.status.Conditions;
import io.uniroute.operator.status.EventRecorder;
import io.uniroute.operator.status.StatusApply;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an LLMBackend profiled on every prompt set that a RoutingPolicy selecting it uses. The
 * profiling itself runs in {@link ProfilingJobs}, off the reconcile threads: a reconcile reads the
 * policies, prompt sets and saved profiles from informer caches, starts a job for the first
 * profile not yet complete, cancels jobs whose prompt set, model or selection went away, and mirrors
 * the saved profile (the backend's profile ConfigMap, or the running job's newer progress) into the
 * status. Jobs wake it through {@link ProfilingEvents}; a saved profile ConfigMap wakes it too.
 * A failed job is retried with exponential back-off (JOSDK rescheduling).
 * A backend is reconciled when its spec or its labels change (labels decide which policies select
 * it), when its status is wiped, and when any policy or prompt set of its namespace changes.
 */
@ControllerConfiguration(name = "llmbackend", generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecOrLabelsChanged.class))
public final class BackendReconciler implements Reconciler<LLMBackend> {

    private static final Logger LOG = LoggerFactory.getLogger(BackendReconciler.class);

    private final ResolvedPromptSets promptSets;
    private final ProfilingJobs jobs;
    private final ProfileConfigMaps store;
    private final PromptSelection selection;
    private final EventRecorder events;
    private final Clock clock;
    private final JudgeGraders judges;
    private final PromptBudget budget;
    private volatile io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache<LLMBackend> primaries;

    public BackendReconciler(ResolvedPromptSets promptSets, ProfilingJobs jobs, ProfileConfigMaps store, PromptSelection selection,
            EventRecorder events, Clock clock) {
        this(promptSets, jobs, store, selection, events, clock,
                new JudgeGraders(new ChatCompletionClient(), Duration.ofMillis(500), new VerdictCache()),
                new PromptBudget(new PromptEmbeddings(io.uniroute.core.embedding.MiniLmEmbedder::new)));
    }

    /**
     * @param selection the prompts to send when no policy sets a budget
     * @param judges    the judge graders (one verdict cache and one concurrency limit per judge, operator-wide)
     * @param budget    the prompts to send under the policies' spec.profiling.maxPromptsPerBackend
     */
    public BackendReconciler(ResolvedPromptSets promptSets, ProfilingJobs jobs, ProfileConfigMaps store, PromptSelection selection,
            EventRecorder events, Clock clock, JudgeGraders judges, PromptBudget budget) {
        this.judges = judges;
        this.budget = budget;
        this.promptSets = promptSets;
        this.jobs = jobs;
        this.store = store;
        this.selection = selection;
        this.events = events;
        this.clock = clock;
    }

    /**
     * After {@link ProfilingJobs#close()}: waits (at most {@code max}) until the status of each backend shows
     * what its jobs saved last, so a clean stop leaves status and profile ConfigMaps in step.
     */
    public void awaitStatusMirrorsSaves(Duration max) {
        var cache = primaries;
        if (cache == null) {
            return;
        }
        Instant until = Instant.now().plus(max);
        while (Instant.now().isBefore(until)) {
            boolean mirrored = jobs.views().stream().filter(v -> v.state() == ProfilingJobs.State.RUNNING).allMatch(v -> cache.get(new ResourceID(v.key().backend(), v.key().namespace()))
                    .map(b -> b.getStatus() == null ? List.<PromptSetProfile>of() : b.getStatus().profiles())
                    .map(ps -> ps.stream().anyMatch(p -> v.key().promptSet().equals(p.promptSet())
                            && v.promptSetHash().equals(p.promptSetHash()) && p.completed() != null
                            && p.completed() >= v.profile().completed()))
                    .orElse(true));
            if (mirrored) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.warn("stopping with a backend status behind its saved profile; the profile ConfigMap is what counts");
    }

    @Override
    public List<EventSource<?, LLMBackend>> prepareEventSources(EventSourceContext<LLMBackend> context) {
        primaries = context.getPrimaryCache();
        // a new resolved prompt-set hash (e.g. read again after a restart) may unblock the backends of its namespace
        SimpleInboundEventSource<LLMBackend> resolved = new SimpleInboundEventSource<>("backend-resolved-promptsets");
        promptSets.onNewHash(ns -> {
            if (resolved.isRunning()) {
                context.getPrimaryCache().list(ns).forEach(b -> resolved.propagateEvent(ResourceID.fromResource(b)));
            }
        });
        return List.of(
                // a policy or prompt set change may change what any backend of its namespace is profiled on
                SameNamespace.informer("backend-policies", RoutingPolicy.class, LLMBackend.class, context),
                SameNamespace.informer("backend-promptsets", PromptSet.class, LLMBackend.class, context),
                // the saved profiles, one ConfigMap per (backend, prompt set)
                new InformerEventSource<>(InformerEventSourceConfiguration.from(ConfigMap.class, LLMBackend.class)
                        .withName("backend-profiles").withLabelSelector(ProfileConfigMaps.PROFILE_LABEL)
                        .withSecondaryToPrimaryMapper(cm -> ProfileConfigMaps.backendOf(cm) == null ? Set.of()
                                : Set.of(new ResourceID(ProfileConfigMaps.backendOf(cm), cm.getMetadata().getNamespace())))
                        .build(), context),
                new ProfilingEvents(jobs),
                resolved);
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
            jobs.cancelAll(ns, name);
            if (!Conditions.is(old.conditions(), Conditions.READY, false, "InvalidSpec")) {
                events.warning(backend, "InvalidSpec", problem.get());
            }
            return patch(backend, context, notProfiled(old, generation, "Invalid", "InvalidSpec", problem.get(), old.profiles(), 0), null);
        }

        // the policies selecting this backend, by prompt set: their budgets decide which prompts it is sent
        Map<String, List<RoutingPolicy>> policiesBySet = context.getSecondaryResources(RoutingPolicy.class).stream()
                .filter(p -> p.getSpec() != null && p.getSpec().promptSetRef() != null
                        && LabelSelectors.problem(p.getSpec().backendSelector()) == null
                        && LabelSelectors.matches(p.getSpec().backendSelector(), backend.getMetadata().getLabels()))
                .collect(Collectors.groupingBy(p -> p.getSpec().promptSetRef(), java.util.TreeMap::new, Collectors.toList()));
        Set<String> setNames = new TreeSet<>(policiesBySet.keySet());
        // jobs for prompt sets no policy asks for any more stop (their saved profiles stay)
        jobs.keysOf(ns, name).stream().filter(k -> !setNames.contains(k.promptSet())).forEach(jobs::cancel);
        if (setNames.isEmpty()) {
            return patch(backend, context, notProfiled(old, generation, "Idle", "NotSelected",
                    "no RoutingPolicy in namespace " + ns + " selects this backend; label it to match a policy's backendSelector",
                    old.profiles(), 0), null);
        }

        Map<String, PromptSet> cachedSets = context.getSecondaryResources(PromptSet.class).stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p, (a, b) -> a));
        List<ResolvedPromptSet> sets = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (String setName : setNames) {
            try {
                sets.add(promptSets.current(ns, setName, Optional.ofNullable(cachedSets.get(setName))));
            } catch (PromptSetException e) {
                unusable.add(e.getMessage());
            }
        }
        if (sets.isEmpty()) {
            return patch(backend, context, notProfiled(old, generation, "Pending", "PromptSetUnavailable",
                    String.join("; ", unusable), old.profiles(), 0), null);
        }

        Map<String, ConfigMap> saved = context.getSecondaryResources(ConfigMap.class).stream()
                .filter(cm -> ProfileConfigMaps.promptSetOf(cm) != null)
                .collect(Collectors.toMap(ProfileConfigMaps::promptSetOf, cm -> cm, (a, b) -> a));
        String modelKey = modelKey(spec);
        List<PromptSetProfile> profiles = new ArrayList<>();
        List<BitSet> selections = new ArrayList<>();
        for (ResolvedPromptSet set : sets) {
            BitSet selected = budget.selection(set, policiesBySet.get(set.name()));
            selections.add(selected);
            ProfilingJobs.Key key = ProfilingJobs.Key.of(backend, set.name());
            Optional<ProfilingJobs.View> job = jobs.view(key);
            if (job.isPresent() && !job.get().measures(set.hash(), modelKey)) {
                jobs.cancel(key); // the prompt set or the model changed under it
                job = Optional.empty();
            }
            ConfigMap cm = saved.get(set.name());
            if (cm != null && !ProfileConfigMaps.ownedBy(cm, backend)) {
                store.adopt(context.getClient(), backend, cm);
            }
            Optional<PromptSetProfile> kept = Optional.ofNullable(cm).flatMap(store::read)
                    .filter(p -> set.hash().equals(p.promptSetHash()) && modelKey.equals(p.modelKey())
                            && Objects.equals(p.prompts(), set.size()));
            PromptSetProfile latest = newest(job.map(ProfilingJobs.View::profile), kept)
                    .orElseGet(() -> ProfileMath.fresh(set.name(), set.hash(), modelKey, set.size(), selected,
                            set.judge() == null ? null : set.judge().backendRef()));
            profiles.add(ProfileMath.reselected(ProfileMath.repriced(latest, spec.cost()), selected));
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

        ResolvedPromptSet set = sets.get(current);
        PromptSetProfile profile = profiles.get(current);
        ProfilingJobs.Key key = ProfilingJobs.Key.of(backend, set.name());
        Optional<ProfilingJobs.View> job = jobs.view(key);
        if (job.isPresent() && job.get().state() == ProfilingJobs.State.FAILED) {
            ProfilingJobs.View failed = job.get();
            Duration wait = Duration.between(Instant.now(clock), failed.retryAt());
            if (!wait.isNegative() && !wait.isZero()) {
                return failed(backend, context, old, generation, profiles, failed, wait);
            }
            job = Optional.empty(); // back-off over: try again
        }
        ProfilingJobs.View running;
        if (job.isPresent() && job.get().state() == ProfilingJobs.State.RUNNING) {
            running = job.get();
        } else {
            ApiKey key0;
            try {
                key0 = readApiKey(context.getClient(), ns, spec);
            } catch (SecretProblem e) {
                ProfilingJobs.View failed = jobs.failedToStart(key, set.hash(), profile, e.reason, e.getMessage());
                return failed(backend, context, old, generation, profiles, failed, Duration.between(Instant.now(clock), failed.retryAt()));
            }
            Grading grading = Grading.REFERENCE;
            Cost judgeCost = null;
            if (set.judge() != null) {
                try {
                    LLMBackend judge = judgeBackend(context.getClient(), ns, set);
                    judgeCost = judge.getSpec().cost();
                    grading = judgeGrader(context.getClient(), ns, judge, set);
                } catch (SecretProblem e) {
                    ProfilingJobs.View failed = jobs.failedToStart(key, set.hash(), profile, e.reason, e.getMessage());
                    return failed(backend, context, old, generation, profiles, failed, Duration.between(Instant.now(clock), failed.retryAt()));
                }
            }
            BitSet chosen = selections.get(current);
            if (profile.completed() == 0) {
                events.normal(backend, "ProfilingStarted", "profiling " + spec.model() + " on prompt set " + set.name() + " ("
                        + (chosen == null ? set.size() + " prompts, " : profile.target() + " of its " + set.size()
                        + " prompts under the policies' budget, ") + spec.maxConcurrencyOrDefault() + " in flight)");
                profile = ProfileMath.started(profile, clock);
                profiles.set(current, profile);
            }
            var target = new ChatCompletionClient.Target(name, ChatCompletionClient.Target.chatCompletionsUri(spec.endpoint()),
                    spec.model(), key0, Durations.parse(spec.timeoutOrDefault()), spec.maxTokens());
            PromptSelection toSend = chosen == null ? selection : (s0, answered) -> chosen.stream()
                    .filter(i -> !answered.get(i)).boxed().toList();
            running = jobs.start(new ProfilingJobs.Start(backend, set, profile, target, spec.maxConcurrencyOrDefault(),
                    spec.maxRetriesOrDefault(), spec.cost(), toSend, grading, judgeCost));
            LOG.debug("backend {}/{}: profiling job started on {} at {}/{}", ns, name, set.name(), profile.completed(), profile.prompts());
        }
        int failures = running.failures();
        if (failures > 0 && "Failed".equals(old.phase()) && !progressed(old, profile)) {
            // a retry that has not answered anything yet: the last failure stays what the status says
            return UpdateControl.noUpdate();
        }
        String progress = "profiling on prompt set " + set.name() + ": " + profile.completed() + "/" + profile.target() + " prompts";
        return patch(backend, context, notProfiled(old, generation, "Profiling", "Profiling", progress, profiles, failures), null);
    }

    /** Whether the profile has answers the status does not show yet. */
    private static boolean progressed(LLMBackendStatus old, PromptSetProfile profile) {
        return old.profiles().stream().filter(p -> Objects.equals(p.promptSet(), profile.promptSet())
                        && Objects.equals(p.promptSetHash(), profile.promptSetHash()) && Objects.equals(p.modelKey(), profile.modelKey()))
                .noneMatch(p -> Objects.equals(p.completed(), profile.completed()));
    }

    /** The profile with more answers: a running job is ahead of its last save until the save's event arrives. */
    private static Optional<PromptSetProfile> newest(Optional<PromptSetProfile> a, Optional<PromptSetProfile> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().completed() >= b.get().completed() ? a : b;
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
        c = Conditions.set(c, Conditions.DEGRADED, false, "Healthy", "the last profiling run succeeded", generation, clock);
        c = gradedCondition(c, profiles, generation);
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
            List<PromptSetProfile> profiles, ProfilingJobs.View job, Duration retryIn) {
        int failures = job.failures();
        int kept = profiles.stream().mapToInt(p -> p.completed() == null ? 0 : p.completed()).sum();
        String message = job.failureMessage() + "; " + kept + " answers kept, retry " + failures + " in "
                + Math.max(0, retryIn.toMillis()) / 1000.0 + " s";
        boolean news = !Objects.equals(old.consecutiveFailures(), failures) || !Objects.equals("Failed", old.phase());
        if (news) {
            events.warning(backend, "ProfilingFailed", message);
            LOG.warn("backend {}/{}: {}: {}", backend.getMetadata().getNamespace(), backend.getMetadata().getName(),
                    job.failureReason(), message);
        } else {
            // the same failure seen again (a wake-up before its retry): keep the message it was reported with
            message = Conditions.find(old.conditions(), Conditions.PROFILED).map(c -> c.getMessage()).orElse(message);
        }
        String reason = job.failureReason();
        LLMBackendStatus s = notProfiled(old, generation, "Failed", reason, message, profiles, failures);
        if (Conditions.find(old.conditions(), Conditions.DEGRADED).isPresent()) {
            // it was routable (a profiled backend has a Degraded condition): say so apart from the plain failure, so alerts can tell a regression
            s = new LLMBackendStatus(generation, s.phase(),
                    Conditions.set(s.conditions(), Conditions.DEGRADED, true, reason, message, generation, clock),
                    null, null, profiles, failures);
        }
        return patch(backend, context, s, retryIn.isNegative() || retryIn.isZero() ? Duration.ofMillis(1) : retryIn);
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
            StatusApply.apply(backend, status, context);
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
