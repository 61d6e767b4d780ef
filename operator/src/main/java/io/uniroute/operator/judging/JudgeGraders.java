package io.uniroute.operator.judging;

import io.uniroute.operator.api.JudgeSpec;
import io.uniroute.operator.profiling.ChatCompletionClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Makes {@link JudgeGrader}s that share, across every backend being profiled, one verdict cache
 * and one semaphore per judge backend (sized by its maxConcurrency), so a judge serving many
 * profiling runs at once still sees at most maxConcurrency calls in flight. One per operator.
 */
public final class JudgeGraders {

    private record Limit(int size, Semaphore permits) {
    }

    private final ChatCompletionClient client;
    private final Duration retryBackoff;
    private final VerdictCache cache;
    private final Map<String, Limit> limits = new ConcurrentHashMap<>();

    public JudgeGraders(ChatCompletionClient client, Duration retryBackoff, VerdictCache cache) {
        this.client = client;
        this.retryBackoff = retryBackoff;
        this.cache = cache;
    }

    /**
     * @param judgeKey       namespace/name of the judge backend
     * @param maxConcurrency the judge backend's maxConcurrency (a change takes effect for new graders)
     */
    public JudgeGrader grader(String judgeKey, ChatCompletionClient.Target judge, int maxConcurrency, int maxRetries, JudgeSpec spec) {
        Limit limit = limits.compute(judgeKey, (k, old) -> old != null && old.size() == maxConcurrency ? old
                : new Limit(maxConcurrency, new Semaphore(maxConcurrency, true)));
        return new JudgeGrader(client, judge, maxRetries, retryBackoff, spec, limit.permits(), cache);
    }

    public VerdictCache cache() {
        return cache;
    }
}
