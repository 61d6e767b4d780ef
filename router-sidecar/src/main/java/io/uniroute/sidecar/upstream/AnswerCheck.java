package io.uniroute.sidecar.upstream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * Is a 2xx answer really a completion? A non-streamed body must be a JSON object with a
 * {@code choices} array; a stream's first event (comments and keep-alives skipped) must be a
 * {@code data:} line holding such an object. Anything else falls back like a 5xx.
 */
public final class AnswerCheck {

    /** A stream whose first event has not arrived within this many bytes is not a completion. */
    static final int MAX_FIRST_EVENT_BYTES = 64 * 1024;

    public enum Verdict { VALID, INVALID, NEED_MORE }

    private AnswerCheck() {
    }

    public static boolean isCompletion(Buffer body) {
        return hasChoices(body.toString(StandardCharsets.UTF_8));
    }

    /** The verdict on what a stream has sent so far. */
    public static Verdict firstEvent(Buffer head) {
        String s = head.toString(StandardCharsets.UTF_8);
        int pos = 0;
        while (true) {
            int end = s.indexOf("\n\n", pos);
            int crlf = s.indexOf("\r\n\r\n", pos);
            int sep = 2;
            if (crlf >= 0 && (end < 0 || crlf < end)) {
                end = crlf;
                sep = 4;
            }
            if (end < 0) {
                return head.length() > MAX_FIRST_EVENT_BYTES ? Verdict.INVALID : Verdict.NEED_MORE;
            }
            StringBuilder data = new StringBuilder();
            boolean hasData = false;
            for (String line : s.substring(pos, end).split("\r?\n")) {
                if (line.startsWith("data:")) {
                    hasData = true;
                    data.append(line.substring(5).strip());
                }
            }
            pos = end + sep;
            if (hasData) { // an event of comments only (a keep-alive) is skipped
                return hasChoices(data.toString()) ? Verdict.VALID : Verdict.INVALID;
            }
        }
    }

    private static boolean hasChoices(String json) {
        if (!json.stripLeading().startsWith("{")) {
            return false;
        }
        try {
            return new JsonObject(json).getValue("choices") instanceof JsonArray;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
