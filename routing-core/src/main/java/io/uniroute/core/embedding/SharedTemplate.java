package io.uniroute.core.embedding;

import io.uniroute.core.hashing.Sha256;
import java.util.List;

/**
 * The fixed text every prompt of a set starts and ends with (an application's instructions in
 * front of the question, output-format rules after it), found from the set's texts and stripped
 * before embedding, so the embedder's window reads what each prompt asks instead of the template
 * all of them share. Found by the operator from a PromptSet's texts (as {@link PromptText} makes
 * them), published in the routing table, and applied by the sidecar to each request's text.
 *
 * <p>Lengths are in UTF-16 chars of the Java {@code String} ({@link String#length()}); each hash is
 * the lower-case hex SHA-256 of the part's UTF-8 bytes. The prefix always ends with a whitespace
 * char and the suffix always starts with one (a cut on a word boundary, never inside a surrogate
 * pair). Only text, never the template itself, is held by the sidecar: it checks a request's
 * first {@code prefixLength} chars against the hash (a hash of a few KB per request).
 *
 * <p>Limit: the template is the longest part shared <em>verbatim</em> by every prompt; a variable
 * part inside it (a date, a user name) ends the shared prefix there, and the rest of the template
 * stays in what is embedded.
 */
public record SharedTemplate(int prefixLength, String prefixSha256, int suffixLength, String suffixSha256) {

    /**
     * A shared part shorter than this is kept. 64 chars is about 15 word pieces, a few percent of
     * the default 254-piece window: too little to pull vectors together, while a short common
     * opening ("Question: ", "Answer the following ") is often part of what the prompt asks.
     */
    public static final int MIN_CHARS = 64;

    /** No template: {@link #strip} returns every text unchanged. */
    public static final SharedTemplate NONE = new SharedTemplate(0, "", 0, "");

    public SharedTemplate {
        if (prefixLength < 0 || suffixLength < 0) {
            throw new IllegalArgumentException("template lengths must be >= 0");
        }
        prefixSha256 = prefixLength == 0 ? "" : requireHash(prefixSha256, "prefix");
        suffixSha256 = suffixLength == 0 ? "" : requireHash(suffixSha256, "suffix");
    }

    /**
     * The longest prefix and suffix all {@code texts} share, cut back to a word boundary, each kept
     * only when at least {@link #MIN_CHARS} long; every text keeps a non-blank remainder. Fewer than
     * two texts give {@link #NONE} (nothing is "shared" by one prompt).
     */
    public static SharedTemplate detect(List<String> texts) {
        if (texts.size() < 2) {
            return NONE;
        }
        String first = texts.get(0);
        int prefix = commonPrefix(texts);
        prefix = prefixBoundary(first, prefix);
        while (prefix > 0 && anyBlankAfter(texts, prefix)) {
            prefix = prefixBoundary(first, prefix - 1);
        }
        if (prefix < MIN_CHARS) {
            prefix = 0;
        }
        int suffix = commonSuffix(texts, prefix);
        suffix = suffixBoundary(first, suffix);
        while (suffix > 0 && anyBlankBetween(texts, prefix, suffix)) {
            suffix = suffixBoundary(first, suffix - 1);
        }
        if (suffix < MIN_CHARS) {
            suffix = 0;
        }
        if (prefix == 0 && suffix == 0) {
            return NONE;
        }
        return new SharedTemplate(prefix, prefix == 0 ? "" : Sha256.hex(first.substring(0, prefix)),
                suffix, suffix == 0 ? "" : Sha256.hex(first.substring(first.length() - suffix)));
    }

    public boolean isNone() {
        return prefixLength == 0 && suffixLength == 0;
    }

    /**
     * {@code text} without the template: the prefix removed only when the text really starts with
     * it, the suffix only when it really ends with it (hash check); the text unchanged when
     * removing would leave nothing but whitespace.
     */
    public String strip(String text) {
        if (isNone()) {
            return text;
        }
        int from = 0;
        int to = text.length();
        if (prefixLength > 0 && prefixLength <= to && Sha256.hex(text.substring(0, prefixLength)).equals(prefixSha256)) {
            from = prefixLength;
        }
        if (suffixLength > 0 && suffixLength <= to - from
                && Sha256.hex(text.substring(to - suffixLength)).equals(suffixSha256)) {
            to -= suffixLength;
        }
        if (from == 0 && to == text.length()) {
            return text;
        }
        String rest = text.substring(from, to);
        return rest.isBlank() ? text : rest;
    }

    /** A short description for status, logs and reports, e.g. {@code prefix 1901 chars, suffix 1620 chars}. */
    public String describe() {
        if (isNone()) {
            return "none";
        }
        return "prefix " + prefixLength + " chars, suffix " + suffixLength + " chars";
    }

    private static String requireHash(String hash, String part) {
        if (hash == null || !hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("template " + part + " hash must be 64 lower-case hex digits");
        }
        return hash;
    }

    private static int commonPrefix(List<String> texts) {
        String first = texts.get(0);
        int n = first.length();
        for (String t : texts) {
            n = Math.min(n, t.length());
            for (int i = 0; i < n; i++) {
                if (t.charAt(i) != first.charAt(i)) {
                    n = i;
                    break;
                }
            }
        }
        return n;
    }

    /** Common suffix length, counted only within each text's part after {@code prefix}. */
    private static int commonSuffix(List<String> texts, int prefix) {
        String first = texts.get(0);
        int n = first.length() - prefix;
        for (String t : texts) {
            n = Math.min(n, t.length() - prefix);
            for (int i = 1; i <= n; i++) {
                if (t.charAt(t.length() - i) != first.charAt(first.length() - i)) {
                    n = i - 1;
                    break;
                }
            }
        }
        return Math.max(n, 0);
    }

    /** The largest p ≤ {@code max} whose prefix ends with whitespace (0 when none). */
    private static int prefixBoundary(String text, int max) {
        for (int p = max; p > 0; p--) {
            if (Character.isWhitespace(text.charAt(p - 1))) {
                return p;
            }
        }
        return 0;
    }

    /** The largest s ≤ {@code max} whose suffix starts with whitespace (0 when none). */
    private static int suffixBoundary(String text, int max) {
        for (int s = max; s > 0; s--) {
            if (Character.isWhitespace(text.charAt(text.length() - s))) {
                return s;
            }
        }
        return 0;
    }

    private static boolean anyBlankAfter(List<String> texts, int prefix) {
        for (String t : texts) {
            if (t.substring(prefix).isBlank()) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyBlankBetween(List<String> texts, int prefix, int suffix) {
        for (String t : texts) {
            if (t.substring(prefix, t.length() - suffix).isBlank()) {
                return true;
            }
        }
        return false;
    }
}
