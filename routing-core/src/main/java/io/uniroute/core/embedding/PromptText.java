package io.uniroute.core.embedding;

import java.util.ArrayList;
import java.util.List;

/**
 * The text a chat request is routed by: the one function both the sidecar (live requests) and the
 * operator (a PromptSet entry's {@code messages}) use, so a profiled prompt is embedded exactly as
 * the same request would be. The embedder's {@link TextWindow} then picks the word pieces it reads.
 */
public final class PromptText {

    /** Which messages count: the last user message (default), every user message, or every message. */
    public enum Mode {
        LAST_USER("last-user"), ALL_USER("all-user"), ALL("all");

        private final String flag;

        Mode(String flag) {
            this.flag = flag;
        }

        public String flag() {
            return flag;
        }

        public static Mode parse(String flag) {
            for (Mode m : values()) {
                if (m.flag.equals(flag)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("embed-text must be last-user, all-user or all, was " + flag);
        }
    }

    /** One message's role and its text (content parts already joined). */
    public record Message(String role, String text) {
    }

    private PromptText() {
    }

    /** The routed text; empty when no message counts (e.g. no user message in a user mode). */
    public static String of(List<Message> messages, Mode mode) {
        List<String> parts = new ArrayList<>();
        for (Message m : messages) {
            if (mode == Mode.ALL || "user".equals(m.role())) {
                parts.add(m.text() == null ? "" : m.text());
            }
        }
        if (parts.isEmpty()) {
            return "";
        }
        return mode == Mode.LAST_USER ? parts.get(parts.size() - 1) : String.join("\n", parts);
    }
}
