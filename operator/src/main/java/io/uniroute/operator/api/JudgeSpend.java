package io.uniroute.operator.api;

/**
 * What judging one backend's answers on one prompt set cost: judge calls made (retries of an
 * unusable verdict included), verdicts served from the cache (no call), the judge's tokens and their
 * price at the judge backend's cost. Shown apart from the profiled backend's own cost.
 */
public record JudgeSpend(String judge, Long calls, Long cacheHits, Long inputTokens, Long outputTokens, Double costUsd) {

    public static JudgeSpend none(String judge) {
        return new JudgeSpend(judge, 0L, 0L, 0L, 0L, 0.0);
    }

    public JudgeSpend plus(long moreCalls, long moreHits, long moreIn, long moreOut, double moreCost) {
        return new JudgeSpend(judge, n(calls) + moreCalls, n(cacheHits) + moreHits, n(inputTokens) + moreIn,
                n(outputTokens) + moreOut, Math.round(((costUsd == null ? 0 : costUsd) + moreCost) * 1e9) / 1e9);
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }
}
