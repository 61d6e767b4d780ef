package io.uniroute.core.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which word pieces of a prompt the embedder sees. MiniLM reads at most 512 tokens ([CLS], up to
 * 510 word pieces, [SEP]); lengths here count both special tokens, as the model does.
 * <ul>
 *   <li>{@code head-N}: the first N − 2 pieces (what langchain4j's bundled tokenizer does with N = 128:
 *       prompts that share a long preamble all get one vector);</li>
 *   <li>{@code tail-N}: the last N − 2 pieces, where a templated prompt puts its question;</li>
 *   <li>{@code headtail-H-N}: the first H and the last N − 2 − H pieces;</li>
 *   <li>{@code pool-NxW}: up to W consecutive windows of N − 2 pieces ending at the last piece, each
 *       embedded alone and averaged by length.</li>
 * </ul>
 * The window is part of the embedder's id: a vector made with one window is never compared with one
 * made with another.
 */
public record TextWindow(Kind kind, int length, int head, int windows) {

    public enum Kind { HEAD, TAIL, HEAD_TAIL, POOL }

    /** The model's limit, special tokens included. */
    public static final int MAX_LENGTH = 512;
    static final int SPECIAL_TOKENS = 2;
    // before DEFAULT and LEGACY: static fields initialise in order
    private static final Pattern SYNTAX = Pattern.compile("(head|tail)-(\\d{1,3})|headtail-(\\d{1,3})-(\\d{1,3})|pool-(\\d{1,3})x(\\d{1,2})");

    /** Today's default, chosen from the evaluation in docs/evaluation.md. */
    public static final TextWindow DEFAULT = parse("tail-256");
    /** What every embedder before the window was configurable did (langchain4j's truncation). */
    public static final TextWindow LEGACY = parse("head-128");

    /** The candidates measured in docs/evaluation.md and docs/performance.md. */
    public static final List<String> CANDIDATES = List.of("head-128", "tail-128", "tail-256", "tail-512",
            "headtail-32-256", "pool-128x4");

    public TextWindow {
        if (length < SPECIAL_TOKENS + 1 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("a window holds 3 to " + MAX_LENGTH + " tokens, was " + length);
        }
        if (kind == Kind.HEAD_TAIL && (head < 1 || head > length - SPECIAL_TOKENS - 1)) {
            throw new IllegalArgumentException("headtail needs 1 <= head < " + (length - SPECIAL_TOKENS) + ", was " + head);
        }
        if (kind == Kind.POOL && (windows < 1 || windows > 16)) {
            throw new IllegalArgumentException("pool needs 1 to 16 windows, was " + windows);
        }
    }

    /** Parses {@code head-N}, {@code tail-N}, {@code headtail-H-N} or {@code pool-NxW}. */
    public static TextWindow parse(String name) {
        Matcher m = SYNTAX.matcher(name == null ? "" : name);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown text window '" + name
                    + "' (head-N, tail-N, headtail-H-N or pool-NxW, N <= " + MAX_LENGTH + ")");
        }
        if (m.group(1) != null) {
            return new TextWindow(m.group(1).equals("head") ? Kind.HEAD : Kind.TAIL, Integer.parseInt(m.group(2)), 0, 1);
        }
        if (m.group(3) != null) {
            return new TextWindow(Kind.HEAD_TAIL, Integer.parseInt(m.group(4)), Integer.parseInt(m.group(3)), 1);
        }
        return new TextWindow(Kind.POOL, Integer.parseInt(m.group(5)), 0, Integer.parseInt(m.group(6)));
    }

    public String name() {
        return switch (kind) {
            case HEAD -> "head-" + length;
            case TAIL -> "tail-" + length;
            case HEAD_TAIL -> "headtail-" + head + "-" + length;
            case POOL -> "pool-" + length + "x" + windows;
        };
    }

    /**
     * The pieces each model input holds, without the special tokens: one list for every kind but
     * {@code pool}. An empty text still gives one (empty) window.
     */
    public List<long[]> select(long[] pieces) {
        int room = length - SPECIAL_TOKENS;
        int n = pieces.length;
        List<long[]> out = new ArrayList<>();
        switch (kind) {
            case HEAD -> out.add(slice(pieces, 0, Math.min(n, room)));
            case TAIL -> out.add(slice(pieces, Math.max(0, n - room), n));
            case HEAD_TAIL -> {
                if (n <= room) {
                    out.add(pieces.clone());
                } else {
                    long[] w = new long[room];
                    System.arraycopy(pieces, 0, w, 0, head);
                    System.arraycopy(pieces, n - (room - head), w, head, room - head);
                    out.add(w);
                }
            }
            case POOL -> {
                int end = n;
                do {
                    out.add(0, slice(pieces, Math.max(0, end - room), end));
                    end -= room;
                } while (end > 0 && out.size() < windows);
            }
        }
        return out;
    }

    private static long[] slice(long[] a, int from, int to) {
        long[] out = new long[to - from];
        System.arraycopy(a, from, out, 0, out.length);
        return out;
    }

    @Override
    public String toString() {
        return name();
    }
}
