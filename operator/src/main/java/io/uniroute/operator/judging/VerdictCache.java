package io.uniroute.operator.judging;

import io.uniroute.core.hashing.Sha256;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Judge scores by (prompt hash, answer hash, judge model, judge prompt version), so re-profiling a
 * backend that answers the same, or a second policy over the same prompt set, never pays the judge
 * twice. Bounded (least recently used out) and in memory: an operator restart re-asks the judge for
 * answers it has not seen since. Thread-safe.
 */
public final class VerdictCache {

    public static final int DEFAULT_MAX_ENTRIES = 200_000;

    private final Map<String, Double> scores;

    public VerdictCache(int maxEntries) {
        this.scores = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Double> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public VerdictCache() {
        this(DEFAULT_MAX_ENTRIES);
    }

    /** The key; each part is hashed, so neither prompts nor answers are kept in memory twice. */
    public static String key(String promptHash, String answer, String judgeModel, String judgePromptVersion) {
        return Sha256.hex(promptHash + "\n" + Sha256.hex(answer) + "\n" + judgeModel + "\n" + judgePromptVersion);
    }

    public synchronized OptionalDouble get(String key) {
        Double s = scores.get(key);
        return s == null ? OptionalDouble.empty() : OptionalDouble.of(s);
    }

    public synchronized void put(String key, double score) {
        scores.put(key, score);
    }

    public synchronized int size() {
        return scores.size();
    }
}
