package io.uniroute.sidecar.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final long NOW = Instant.parse("2026-12-02T06:00:00Z").toEpochMilli();

    @Test
    void secondsOrAnHttpDate() {
        assertThat(RetryAfter.millis("7", NOW)).isEqualTo(7_000);
        String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(NOW + 30_000).atOffset(ZoneOffset.UTC));
        assertThat(RetryAfter.millis(in30s, NOW)).isEqualTo(30_000);
    }

    @Test
    void missingOrUnreadableGetsTheDefaultAndHugeIsCapped() {
        assertThat(RetryAfter.millis(null, NOW)).isEqualTo(RetryAfter.DEFAULT_MILLIS);
        assertThat(RetryAfter.millis("soon", NOW)).isEqualTo(RetryAfter.DEFAULT_MILLIS);
        assertThat(RetryAfter.millis("99999999999", NOW)).isEqualTo(RetryAfter.MAX_MILLIS);
        assertThat(RetryAfter.millis("Thu, 01 Jan 2026 00:00:00 GMT", NOW)).isZero(); // in the past
    }

    @Test
    void theHeaderRoundsUpToWholeSeconds() {
        assertThat(RetryAfter.header(1)).isEqualTo("1");
        assertThat(RetryAfter.header(1_001)).isEqualTo("2");
        assertThat(RetryAfter.header(0)).isEqualTo("1");
    }
}
