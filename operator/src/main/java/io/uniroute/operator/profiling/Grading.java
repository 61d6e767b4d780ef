package io.uniroute.operator.profiling;

import io.uniroute.operator.promptset.ResolvedPrompt;

/**
 * Turns a backend's answer to a prompt into a correctness bit, or into "ungraded" when no verdict
 * could be had (Ψ then ignores that prompt). {@link #REFERENCE} checks the entry's reference answer
 * with its grader; the judge grader (operator.judging) asks an LLM. Thread-safe: the profiler calls
 * it from up to maxConcurrency threads.
 */
public interface Grading {

    /** A verdict: {@code graded} false means ungraded (not wrong); {@code judge} what judging it took. */
    record Grade(boolean graded, boolean correct, JudgeUse judge) {

        public static Grade of(boolean correct) {
            return new Grade(true, correct, JudgeUse.NONE);
        }
    }

    /** Judge calls made (retries included), verdicts from the cache, and the judge's tokens, for one answer. */
    record JudgeUse(long calls, long cacheHits, long inputTokens, long outputTokens) {

        public static final JudgeUse NONE = new JudgeUse(0, 0, 0, 0);

        public JudgeUse plus(JudgeUse o) {
            return new JudgeUse(calls + o.calls, cacheHits + o.cacheHits, inputTokens + o.inputTokens, outputTokens + o.outputTokens);
        }
    }

    /**
     * @throws CallFailure when the grader's own service (the judge) cannot be reached after its
     *                     retries: profiling stops as for a failing backend and resumes later
     */
    Grade grade(ResolvedPrompt prompt, String answer) throws CallFailure, InterruptedException;

    /** The entry's reference grader (exact, choice, numeric, regex, contains, f1). */
    Grading REFERENCE = (prompt, answer) -> Grade.of(prompt.newGrader().isCorrect(answer, prompt.reference()));
}
