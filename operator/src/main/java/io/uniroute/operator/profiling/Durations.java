package io.uniroute.operator.profiling;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the Go-style durations of our specs: "30s", "1m30s", "500ms", "1.5s". */
public final class Durations {

    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m)");

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("duration is empty");
        }
        Matcher m = PART.matcher(text);
        int pos = 0;
        double millis = 0;
        while (m.find()) {
            if (m.start() != pos) {
                break;
            }
            double v = Double.parseDouble(m.group(1));
            millis += switch (m.group(2)) {
                case "ms" -> v;
                case "s" -> v * 1000;
                default -> v * 60_000;
            };
            pos = m.end();
        }
        if (pos != text.length() || millis <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a positive duration such as 30s, 1m30s or 500ms");
        }
        return Duration.ofMillis(Math.max(1, Math.round(millis)));
    }
}
