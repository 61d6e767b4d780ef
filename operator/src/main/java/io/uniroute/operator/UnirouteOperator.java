package io.uniroute.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.operator.profiling.BackendReconciler;
import io.uniroute.operator.budget.PromptBudget;
import io.uniroute.operator.judging.JudgeGraders;
import io.uniroute.operator.judging.VerdictCache;
import io.uniroute.operator.profiling.ChatCompletionClient;
import io.uniroute.operator.profiling.ProfileConfigMaps;
import io.uniroute.operator.profiling.Profiler;
import io.uniroute.operator.profiling.ProfilingJobs;
import io.uniroute.operator.profiling.PromptSelection;
import io.uniroute.operator.profiling.ProfilingMetrics;
import io.uniroute.operator.promptset.PromptSetReconciler;
import io.uniroute.operator.promptset.PromptSetResolver;
import io.uniroute.operator.promptset.ResolvedPromptSets;
import io.uniroute.operator.publishing.PolicyReconciler;
import io.uniroute.operator.publishing.PromptEmbeddings;
import io.uniroute.operator.status.EventRecorder;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The operator: three reconcilers on one JOSDK {@link Operator}, with server-side apply (JOSDK's
 * default) for status and the ConfigMaps it owns unless {@link OperatorSettings#serverSideApply()} is off. Used by {@link OperatorMain} and by the tests, so
 * both run the same wiring.
 */
public final class UnirouteOperator implements AutoCloseable {

    private final Operator operator;
    private final Profiler profiler;
    private final ProfilingJobs jobs;
    private final BackendReconciler backends;

    private UnirouteOperator(Operator operator, Profiler profiler, ProfilingJobs jobs, BackendReconciler backends) {
        this.operator = operator;
        this.profiler = profiler;
        this.jobs = jobs;
        this.backends = backends;
    }

    /**
     * @param leaderElection null to run without; otherwise the Lease to hold before reconciling
     */
    public static UnirouteOperator create(KubernetesClient client, MeterRegistry registry, OperatorSettings settings,
            Supplier<Embedder> embedder, LeaderElectionConfiguration leaderElection) {
        Clock clock = Clock.systemUTC();
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
                    .withSSABasedCreateUpdateMatchForDependentResources(settings.serverSideApply())
                    .checkingCRDAndValidateLocalModel(false)
                    .withConcurrentReconciliationThreads(settings.reconcileThreads())
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(5))
                    .withMetrics(MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build());
            if (leaderElection != null) {
                o.withLeaderElectionConfiguration(leaderElection);
            }
        });
        ResolvedPromptSets promptSets = new ResolvedPromptSets();
        EventRecorder events = new EventRecorder(client, clock);
        Profiler profiler = new Profiler(new ChatCompletionClient(), new ProfilingMetrics(registry), settings.retryBackoff());
        ProfileConfigMaps profiles = new ProfileConfigMaps();
        ProfilingJobs jobs = new ProfilingJobs(client, profiler, profiles, settings.profilingBatch(), settings::failureDelay, clock);
        var ns = settings.namespaces();
        operator.register(new PromptSetReconciler(new PromptSetResolver(), promptSets, clock), o -> {
            if (!ns.isEmpty()) {
                o.settingNamespaces(ns);
            }
        });
        PromptEmbeddings prompts = new PromptEmbeddings(embedder); // one model, shared by budgets and policies
        JudgeGraders judges = new JudgeGraders(new ChatCompletionClient(), settings.retryBackoff(), new VerdictCache());
        BackendReconciler backends = new BackendReconciler(promptSets, jobs, profiles, PromptSelection.ALL, events, clock, judges,
                new PromptBudget(prompts));
        operator.register(backends, o -> {
            if (!ns.isEmpty()) {
                o.settingNamespaces(ns);
            }
        });
        operator.register(new PolicyReconciler(promptSets, prompts, events, clock), o -> {
            if (!ns.isEmpty()) {
                o.settingNamespaces(ns);
            }
        });
        return new UnirouteOperator(operator, profiler, jobs, backends);
    }

    public static UnirouteOperator create(KubernetesClient client, MeterRegistry registry, OperatorSettings settings) {
        return create(client, registry, settings, MiniLmEmbedder::new, null);
    }

    public UnirouteOperator start() {
        operator.start();
        return this;
    }

    /** True once every controller's informers are synced and running. */
    public boolean healthy() {
        var info = operator.getRuntimeInfo();
        return info.isStarted() && info.allEventSourcesAreHealthy();
    }

    @Override
    public void close() {
        jobs.close(); // each job saves what it answered first
        backends.awaitStatusMirrorsSaves(Duration.ofSeconds(5));
        profiler.close();
        operator.stop();
    }
}
