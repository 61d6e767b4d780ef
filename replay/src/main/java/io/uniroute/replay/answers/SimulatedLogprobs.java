package io.uniroute.replay.answers;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SIMULATED token log-probabilities: no model computed them. Right answers get values around
 * {@value #RIGHT_MEAN} (sd {@value #RIGHT_SD}), wrong ones around {@value #WRONG_MEAN} (sd
 * {@value #WRONG_SD}), drawn with noise seeded by the prompt and the model, so a confidence-based
 * cascade sees a realistic but imperfect signal, and the same request always gets the same values.
 */
public final class SimulatedLogprobs {

    public static final double RIGHT_MEAN = -0.1;
    public static final double RIGHT_SD = 0.05;
    public static final double WRONG_MEAN = -1.5;
    public static final double WRONG_SD = 0.4;

    /** A word or one punctuation mark, with the whitespace before it: concatenated, the tokens give back the text. */
    private static final Pattern TOKEN = Pattern.compile("\\s*(?:[\\p{L}\\p{N}_]+|[^\\p{L}\\p{N}_\\s])|\\s+$");

    private SimulatedLogprobs() {
    }

    /** One simulated token: its text and log-probability. */
    public record TokenLogprob(String token, double logprob) {
    }

    /** Splits text into simulated tokens (words and punctuation, leading whitespace attached). */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                out.add(text.substring(end, m.start()));
            }
            out.add(m.group());
            end = m.end();
        }
        if (end < text.length()) {
            out.add(text.substring(end));
        }
        return out;
    }

    /** The answer's tokens with simulated log-probabilities (all ≤ 0), seeded by {@code seedParts}. */
    public static List<TokenLogprob> of(SimulatedAnswer answer, String... seedParts) {
        Random noise = new Random(TextNormalizer.hash(seedParts));
        double mean = answer.correct() ? RIGHT_MEAN : WRONG_MEAN;
        double sd = answer.correct() ? RIGHT_SD : WRONG_SD;
        List<TokenLogprob> out = new ArrayList<>();
        for (String t : tokens(answer.text())) {
            double lp = Math.min(-1e-4, mean + sd * noise.nextGaussian());
            out.add(new TokenLogprob(t, lp));
        }
        return out;
    }
}
