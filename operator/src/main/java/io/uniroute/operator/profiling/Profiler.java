package io.uniroute.operator.profiling;

import io.uniroute.operator.promptset.ResolvedPrompt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Sends prompts to a backend with at most {@code maxConcurrency} in flight, retries with
 * exponential back-off, grades each answer, and stops taking new prompts at a deadline or at the
 * first prompt that fails after its retries. One call is one batch: a {@link ProfilingJobs} job saves
 * the outcomes after each batch, so a restart loses at most one batch. Grading is the prompt's own
 * grader ({@code ResolvedPrompt.newGrader}) or a {@link Grading} such as a judge; which prompts to send is the caller's choice ({@code todo}).
 */
public final class Profiler implements AutoCloseable {

    private final ChatCompletionClient client;
    private final ProfilingMetrics metrics;
    private final Duration retryBackoff;
    private final ExecutorService pool;
    private volatile boolean closed;

    public Profiler(ChatCompletionClient client, ProfilingMetrics metrics, Duration retryBackoff) {
        this.client = client;
        this.metrics = metrics;
        this.retryBackoff = retryBackoff;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "uniroute-profiler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A graded (or, when no verdict could be had, ungraded) answer to prompt {@code index}, and what judging it took. */
    public record Outcome(int index, boolean correct, long latencyMillis, long inputTokens, long outputTokens, boolean ungraded,
            Grading.JudgeUse judge) {

        public Outcome(int index, boolean correct, long latencyMillis, long inputTokens, long outputTokens) {
            this(index, correct, latencyMillis, inputTokens, outputTokens, false, Grading.JudgeUse.NONE);
        }
    }

    /** The outcomes of a batch, and the failure that stopped it early (null when none did). */
    public record Batch(List<Outcome> outcomes, CallFailure failure) {
    }

    /**
     * @param stop checked before each prompt: a cancelled job takes no new prompts (those in flight finish)
     */
    public Batch run(ChatCompletionClient.Target target, int maxConcurrency, int maxRetries, List<ResolvedPrompt> prompts,
            List<Integer> todo, Instant deadline, BooleanSupplier stop) {
        return run(target, maxConcurrency, maxRetries, prompts, todo, deadline, stop, Grading.REFERENCE);
    }

    /** As above, grading each answer with {@code grading} (the reference graders, or a judge). */
    public Batch run(ChatCompletionClient.Target target, int maxConcurrency, int maxRetries, List<ResolvedPrompt> prompts,
            List<Integer> todo, Instant deadline, BooleanSupplier stop, Grading grading) {
        if (closed) {
            return new Batch(List.of(), null);
        }
        Queue<Integer> queue = new ConcurrentLinkedQueue<>(todo);
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<CallFailure> failure = new AtomicReference<>();
        int workers = Math.max(1, Math.min(maxConcurrency, todo.size()));
        CompletableFuture<?>[] running = new CompletableFuture<?>[workers];
        for (int w = 0; w < workers; w++) {
            running[w] = CompletableFuture.runAsync(() -> {
                while (!closed && !stop.getAsBoolean() && failure.get() == null && Instant.now().isBefore(deadline)) {
                    Integer i = queue.poll();
                    if (i == null) {
                        return;
                    }
                    try {
                        outcomes.add(answerAndGrade(target, maxRetries, i, prompts.get(i), grading));
                    } catch (CallFailure f) {
                        failure.compareAndSet(null, f);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, pool);
        }
        CompletableFuture.allOf(running).join();
        if (failure.get() != null) {
            metrics.failure(target.backend(), failure.get().reason());
        }
        return new Batch(List.copyOf(outcomes), failure.get());
    }

    private Outcome answerAndGrade(ChatCompletionClient.Target target, int maxRetries, int index, ResolvedPrompt prompt,
            Grading grading) throws CallFailure, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            long start = System.nanoTime();
            try {
                ChatCompletionClient.Answer a = client.complete(target, prompt.messages());
                metrics.request(target.backend(), "success", Duration.ofNanos(System.nanoTime() - start));
                Grading.Grade g = grading.grade(prompt, a.content()); // a judge failure is not the backend's: no retry here
                return new Outcome(index, g.correct(), a.latencyMillis(), a.inputTokens(), a.outputTokens(), !g.graded(), g.judge());
            } catch (CallFailure f) {
                if (f.judge()) {
                    throw f;
                }
                metrics.request(target.backend(), f.outcome(), Duration.ofNanos(System.nanoTime() - start));
                if (!f.retryable() || attempt >= maxRetries || closed) {
                    throw attempt == 0 ? f : new CallFailure(f.kind(), f.status(), f.getMessage() + " (after " + (attempt + 1) + " attempts)");
                }
                Thread.sleep(backoff(attempt));
            }
        }
    }

    /** Exponential back-off with ±20% jitter, capped at 10 s. */
    private long backoff(int attempt) {
        long base = Math.min(10_000, retryBackoff.toMillis() << Math.min(attempt, 16));
        return Math.max(1, (long) (base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble())));
    }

    /** Stops taking new prompts; requests in flight end at their timeout. */
    @Override
    public void close() {
        closed = true;
        pool.shutdownNow();
    }
}
