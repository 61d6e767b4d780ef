package io.uniroute.sidecar.upstream;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** {@code Retry-After} (RFC 9110 §10.2.3): delay-seconds or an HTTP date, as milliseconds from now. */
public final class RetryAfter {

    /** When a 429 does not say how long: a short cool-down, so the next requests try others first. */
    public static final long DEFAULT_MILLIS = 1_000;
    /** A backend asking for more is still retried after an hour. */
    public static final long MAX_MILLIS = 3_600_000;

    private RetryAfter() {
    }

    public static long millis(String header, long nowMillis) {
        if (header == null || header.isBlank()) {
            return DEFAULT_MILLIS;
        }
        String v = header.trim();
        try {
            return clamp(Math.multiplyExact(Long.parseLong(v), 1000L));
        } catch (NumberFormatException | ArithmeticException e) {
            // not delay-seconds: an HTTP date
        }
        try {
            long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return clamp(at - nowMillis);
        } catch (DateTimeParseException e) {
            return DEFAULT_MILLIS;
        }
    }

    /** The header value for a wait: whole seconds, rounded up, at least 1. */
    public static String header(long millis) {
        return String.valueOf(Math.max(1, (millis + 999) / 1000));
    }

    private static long clamp(long millis) {
        return Math.max(0, Math.min(MAX_MILLIS, millis));
    }
}
