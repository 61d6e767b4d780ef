package io.uniroute.operator.profiling;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.uniroute.operator.api.Cost;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptSetProfile;
import io.uniroute.operator.promptset.ResolvedPromptSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiling jobs, one per (backend, prompt set), on their own threads: the reconciler only starts,
 * cancels and observes them, so no reconcile thread waits on a model. A job sends the prompts its
 * {@link PromptSelection} names in batches of {@code batch} time, saves the profile to the backend's
 * profile ConfigMap after each batch, and reports every change of progress or state to a listener
 * (the backend controller's {@link ProfilingEvents}), which reconciles the backend.
 */
public final class ProfilingJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProfilingJobs.class);

    public enum State { RUNNING, SUCCEEDED, FAILED }

    public record Key(String namespace, String backend, String promptSet) {
        public static Key of(LLMBackend b, String promptSet) {
            return new Key(b.getMetadata().getNamespace(), b.getMetadata().getName(), promptSet);
        }
    }

    /**
     * What a job was asked to do and how far it got; immutable, so it crosses threads.
     *
     * @param failures consecutive failed jobs on this (hash, model), 0 after a success
     * @param retryAt when a failed job may be started again
     */
    public record View(Key key, String promptSetHash, String modelKey, State state, PromptSetProfile profile,
            String failureReason, String failureMessage, int failures, Instant retryAt) {

        public boolean measures(String hash, String model) {
            return promptSetHash.equals(hash) && modelKey.equals(model);
        }
    }

    /** Everything a job needs; {@code from} is the progress to resume (fresh, or a saved profile). */
    public record Start(LLMBackend backend, ResolvedPromptSet set, PromptSetProfile from, ChatCompletionClient.Target target,
            int maxConcurrency, int maxRetries, Cost cost, PromptSelection selection, Grading grading, Cost judgeCost) {

        public Start(LLMBackend backend, ResolvedPromptSet set, PromptSetProfile from, ChatCompletionClient.Target target,
                int maxConcurrency, int maxRetries, Cost cost, PromptSelection selection) {
            this(backend, set, from, target, maxConcurrency, maxRetries, cost, selection, Grading.REFERENCE, null);
        }
    }

    private final KubernetesClient client;
    private final Profiler profiler;
    private final ProfileConfigMaps store;
    private final Duration batch;
    private final Clock clock;
    private final java.util.function.IntFunction<Duration> failureDelay;
    private final ExecutorService executor;
    private final Map<Key, Job> jobs = new ConcurrentHashMap<>();
    private volatile Consumer<ResourceID> listener = id -> { };

    public ProfilingJobs(KubernetesClient client, Profiler profiler, ProfileConfigMaps store, Duration batch,
            java.util.function.IntFunction<Duration> failureDelay, Clock clock) {
        this.client = client;
        this.profiler = profiler;
        this.store = store;
        this.batch = batch;
        this.failureDelay = failureDelay;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "uniroute-profiling-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Who hears of progress: called with the backend's id from a job's thread. */
    public void reportTo(Consumer<ResourceID> listener) {
        this.listener = listener;
    }

    public Optional<View> view(Key key) {
        Job job = jobs.get(key);
        return job == null ? Optional.empty() : Optional.of(job.view);
    }

    /** The prompt sets this backend has jobs (running or finished) for. */
    public Set<Key> keysOf(String namespace, String backend) {
        return jobs.keySet().stream().filter(k -> k.namespace().equals(namespace) && k.backend().equals(backend))
                .collect(Collectors.toSet());
    }

    /** Starts a job, replacing (and cancelling) any job of the same key. */
    public View start(Start s) {
        Key key = Key.of(s.backend(), s.set().name());
        if (executor.isShutdown()) {
            // the operator is stopping: the next process starts it from the saved profile
            return new View(key, s.set().hash(), s.from().modelKey(), State.RUNNING, s.from(), null, null, 0, null);
        }
        int failures = view(key).filter(v -> v.state() == State.FAILED && v.measures(s.set().hash(), s.from().modelKey()))
                .map(View::failures).orElse(0);
        Job job = new Job(key, s, new View(key, s.set().hash(), s.from().modelKey(), State.RUNNING, s.from(), null, null, failures, null));
        Job previous = jobs.put(key, job);
        if (previous != null) {
            previous.cancelled = true;
        }
        executor.execute(job);
        return job.view;
    }

    /** Records a failure that stopped a job before it could start (a missing Secret), with the same back-off. */
    public View failedToStart(Key key, String hash, PromptSetProfile progress, String reason, String message) {
        int failures = view(key).filter(v -> v.state() == State.FAILED && v.measures(hash, progress.modelKey()))
                .map(View::failures).orElse(0) + 1;
        Job job = new Job(key, null, new View(key, hash, progress.modelKey(), State.FAILED, progress, reason, message, failures,
                Instant.now(clock).plus(failureDelay.apply(failures))));
        Job previous = jobs.put(key, job);
        if (previous != null) {
            previous.cancelled = true;
        }
        return job.view;
    }

    /** Cancels a job and forgets it: its answers in flight are not saved (its prompt set, model or backend is gone). */
    public void cancel(Key key) {
        Job job = jobs.remove(key);
        if (job != null) {
            job.cancelled = true;
            LOG.debug("profiling job {} cancelled", key);
        }
    }

    /** Every job's latest view (running, finished or stopped). */
    public java.util.List<View> views() {
        return jobs.values().stream().map(j -> j.view).toList();
    }

    public void cancelAll(String namespace, String backend) {
        keysOf(namespace, backend).forEach(this::cancel);
    }

    /** Stops every job after its current batch, saving what it answered; waits a little for the saves. */
    @Override
    public void close() {
        jobs.values().forEach(j -> j.stopping = true);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private final class Job implements Runnable {
        private final Key key;
        private final Start start;
        private volatile View view;
        private volatile boolean cancelled;
        private volatile boolean stopping;

        Job(Key key, Start start, View view) {
            this.key = key;
            this.start = start;
            this.view = view;
        }

        @Override
        public void run() {
            PromptSetProfile profile = start.from();
            try {
                while (!cancelled && !stopping) {
                    var todo = start.selection().toSend(start.set(), ProfileBits.decode(profile.answeredBits()));
                    if (todo.isEmpty()) {
                        break;
                    }
                    Profiler.Batch b = profiler.run(start.target(), start.maxConcurrency(), start.maxRetries(), start.set().prompts(),
                            todo, Instant.now(clock).plus(batch), () -> cancelled || stopping, start.grading());
                    if (cancelled) {
                        return;
                    }
                    if (!b.outcomes().isEmpty()) {
                        profile = ProfileMath.merge(profile, b.outcomes(), start.cost(), start.judgeCost(), clock);
                        store.save(client, start.backend(), profile);
                        update(State.RUNNING, profile, null, null, view.failures());
                    }
                    if (b.failure() != null) {
                        update(State.FAILED, profile, b.failure().reason(), b.failure().getMessage(), view.failures() + 1);
                        return;
                    }
                }
                if (!cancelled && !stopping) {
                    update(State.SUCCEEDED, profile, null, null, 0);
                }
            } catch (KubernetesClientException e) {
                // the answers are kept in memory (view.profile) and a new job starts from them
                LOG.warn("profiling job {}: cannot save the profile: {}", key, e.getMessage());
                update(State.FAILED, profile, "ProfileNotSaved", "the profile could not be saved to ConfigMap "
                        + ProfileConfigMaps.name(key.backend(), key.promptSet()) + ": HTTP " + e.getCode()
                        + "; check the operator's access to ConfigMaps", view.failures() + 1);
            } catch (RuntimeException e) {
                LOG.error("profiling job {} failed", key, e);
                update(State.FAILED, profile, "ProfilingError", "profiling stopped by an internal error: " + e.getClass().getSimpleName(),
                        view.failures() + 1);
            }
        }

        private void update(State state, PromptSetProfile profile, String reason, String message, int failures) {
            if (cancelled) {
                return;
            }
            Instant retryAt = state == State.FAILED ? Instant.now(clock).plus(failureDelay.apply(failures)) : null;
            view = new View(key, view.promptSetHash(), view.modelKey(), state, profile, reason, message, failures, retryAt);
            listener.accept(new ResourceID(key.backend(), key.namespace()));
        }
    }
}
