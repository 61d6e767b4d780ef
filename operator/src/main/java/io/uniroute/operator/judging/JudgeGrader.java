package io.uniroute.operator.judging;

import io.uniroute.core.grading.judge.JudgePrompt;
import io.uniroute.core.grading.judge.JudgeVerdict;
import io.uniroute.core.hashing.Sha256;
import io.uniroute.operator.api.ChatMessage;
import io.uniroute.operator.api.JudgeSpec;
import io.uniroute.operator.profiling.CallFailure;
import io.uniroute.operator.profiling.ChatCompletionClient;
import io.uniroute.operator.profiling.Grading;
import io.uniroute.operator.promptset.ResolvedPrompt;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code judge} grader: asks a PromptSet's judge backend, with the fixed, versioned
 * {@link JudgePrompt}, for a strict JSON verdict on one answer, against the entry's reference when it
 * has one and against the task and the rubric when it has none; right when score ≥ passThreshold.
 * Entries with another grader go to {@link Grading#REFERENCE}.
 *
 * <ul>
 *   <li>An unparseable or refused verdict is asked again, at most {@link #VERDICT_ATTEMPTS} times in
 *   all; then the answer is <em>ungraded</em> (not wrong).</li>
 *   <li>A judge that cannot be reached (after its backend's maxRetries on 429/5xx/timeouts) is a
 *   {@link CallFailure#judge() judge failure}: profiling stops and resumes later, nothing is graded
 *   wrong for it.</li>
 *   <li>Verdicts are cached ({@link VerdictCache}); calls hold a permit of the judge backend's
 *   semaphore, so all profiling together keeps to its maxConcurrency.</li>
 *   <li>The judge is sent only the judge prompt: never the name, model or endpoint of the backend
 *   that wrote the answer.</li>
 * </ul>
 */
public final class JudgeGrader implements Grading {

    /** First ask plus two more for an unusable verdict: a judge that fails three times on one answer will not be fixed by a fourth. */
    public static final int VERDICT_ATTEMPTS = 3;

    private final ChatCompletionClient client;
    private final ChatCompletionClient.Target judge;
    private final int maxCallRetries;
    private final Duration retryBackoff;
    private final JudgeSpec spec;
    private final Semaphore permits;
    private final VerdictCache cache;

    public JudgeGrader(ChatCompletionClient client, ChatCompletionClient.Target judge, int maxCallRetries, Duration retryBackoff,
            JudgeSpec spec, Semaphore permits, VerdictCache cache) {
        this.client = client;
        this.judge = judge;
        this.maxCallRetries = maxCallRetries;
        this.retryBackoff = retryBackoff;
        this.spec = spec;
        this.permits = permits;
        this.cache = cache;
    }

    @Override
    public Grade grade(ResolvedPrompt prompt, String answer) throws CallFailure, InterruptedException {
        if (!prompt.judged()) {
            return REFERENCE.grade(prompt, answer);
        }
        String task = task(prompt.messages());
        String rubric = prompt.reference() == null ? spec.rubric() : null;
        String key = VerdictCache.key(Sha256.hex(task + "\u0000" + prompt.reference() + "\u0000" + rubric), answer,
                judge.chatCompletionsUri() + " " + judge.model(), JudgePrompt.VERSION);
        OptionalDouble cached = cache.get(key);
        double threshold = spec.passThresholdOrDefault();
        if (cached.isPresent()) {
            return new Grade(true, cached.getAsDouble() >= threshold, new JudgeUse(0, 1, 0, 0));
        }
        List<ChatMessage> request = List.of(new ChatMessage("user", JudgePrompt.render(task, prompt.reference(), rubric, answer)));
        JudgeUse use = JudgeUse.NONE;
        for (int attempt = 0; attempt < VERDICT_ATTEMPTS; attempt++) {
            ChatCompletionClient.Answer reply = call(request);
            use = use.plus(new JudgeUse(1, 0, reply.inputTokens(), reply.outputTokens()));
            Optional<JudgeVerdict> verdict = JudgeVerdict.parse(reply.content());
            if (verdict.isPresent()) {
                cache.put(key, verdict.get().score());
                return new Grade(true, verdict.get().passes(threshold), use);
            }
        }
        return new Grade(false, false, use);
    }

    /** One judge call under a permit, retried like a profiling call on 429, 5xx, timeouts. */
    private ChatCompletionClient.Answer call(List<ChatMessage> request) throws CallFailure, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            permits.acquire();
            try {
                return client.complete(judge, request);
            } catch (CallFailure f) {
                if (!f.retryable() || attempt >= maxCallRetries) {
                    throw f.asJudge(judge.backend());
                }
            } finally {
                permits.release();
            }
            long base = Math.min(10_000, retryBackoff.toMillis() << Math.min(attempt, 16));
            Thread.sleep(Math.max(1, (long) (base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()))));
        }
    }

    /** The task as the backend saw it: the user message alone, or a role-tagged transcript of several messages. */
    static String task(List<ChatMessage> messages) {
        if (messages.size() == 1) {
            return messages.get(0).content();
        }
        StringBuilder b = new StringBuilder();
        for (ChatMessage m : messages) {
            b.append(m.role()).append(": ").append(m.content()).append('\n');
        }
        return b.toString().stripTrailing();
    }
}
