package io.uniroute.replay.answers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Text helpers shared by the simulation: prompt matching keys, loose comparison, stable hashes. */
public final class TextNormalizer {

    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern NOT_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");

    private TextNormalizer() {
    }

    /** The key a prompt is matched by: whitespace runs collapsed to one space, trimmed; case kept. */
    public static String matchKey(String text) {
        return SPACE.matcher(text).replaceAll(" ").strip();
    }

    /** Lower case, letters and digits only, articles dropped: what a lenient grader compares. */
    static String loose(String text) {
        String s = NOT_ALNUM.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ");
        return SPACE.matcher(ARTICLES.matcher(s).replaceAll(" ")).replaceAll(" ").strip();
    }

    /** Whether either text contains the other once both are {@link #loose} (a wrong answer must not). */
    static boolean overlaps(String a, String b) {
        String x = loose(a);
        String y = loose(b);
        return x.isEmpty() || y.isEmpty() || x.contains(y) || y.contains(x);
    }

    /** A stable 64-bit hash of the parts (SHA-256 based, so independent of the JVM). */
    public static long hash(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(p.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            byte[] d = md.digest();
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A uniform number in [0, 1) from {@link #hash}. */
    public static double unit(String... parts) {
        return (hash(parts) >>> 11) * 0x1.0p-53;
    }
}
