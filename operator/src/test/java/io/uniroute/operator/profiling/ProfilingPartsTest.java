package io.uniroute.operator.profiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uniroute.operator.api.Cost;
import io.uniroute.operator.api.PromptSetProfile;
import java.time.Clock;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilingPartsTest {

    @Test
    void bitsetOf500PromptsIs63BytesAndRoundTrips() {
        BitSet bits = new BitSet();
        bits.set(0);
        bits.set(7);
        bits.set(499);
        String b64 = ProfileBits.encode(bits, 500);
        assertThat(java.util.Base64.getDecoder().decode(b64)).hasSize(63);
        assertThat(ProfileBits.decode(b64)).isEqualTo(bits);
        assertThat(ProfileBits.decode("not base64 !!").isEmpty()).isTrue();
        assertThat(ProfileBits.decode(null).isEmpty()).isTrue();
    }

    @Test
    void durationsParseLikeKubernetes() {
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("'soon' is not a positive duration");
        assertThatThrownBy(() -> Durations.parse("0s")).hasMessageContaining("positive");
        assertThatThrownBy(() -> Durations.parse("5h")).hasMessageContaining("not a positive duration");
    }

    @Test
    void mergingOutcomesKeepsRunningSumsAndIgnoresRepeats() {
        Cost cost = new Cost(1.0, 2.0);
        PromptSetProfile p = ProfileMath.fresh("ps", "h", "m", 4);
        p = ProfileMath.merge(p, List.of(new Profiler.Outcome(0, true, 100, 1000, 10), new Profiler.Outcome(2, false, 300, 3000, 30)),
                cost, Clock.systemUTC());
        p = ProfileMath.merge(p, List.of(new Profiler.Outcome(2, true, 999, 9, 9)), cost, Clock.systemUTC());
        assertThat(p.completed()).isEqualTo(2);
        assertThat(p.complete()).isFalse();
        assertThat(p.accuracy()).isEqualTo(0.5);
        assertThat(p.meanLatencyMillis()).isEqualTo(200.0);
        assertThat(p.meanInputTokens()).isEqualTo(2000.0);
        // 2000 input tokens at $1/M + 20 output tokens at $2/M
        assertThat(p.costPerQueryUsd()).isEqualTo(0.00204);
        p = ProfileMath.merge(p, List.of(new Profiler.Outcome(1, true, 0, 0, 0), new Profiler.Outcome(3, true, 0, 0, 0)), cost,
                Clock.systemUTC());
        assertThat(p.complete()).isTrue();
        assertThat(p.completedAt()).isNotNull();
        assertThat(ProfileMath.repriced(p, new Cost(0.0, 0.0)).costPerQueryUsd()).isZero();
    }

    @Test
    void apiKeyNeverPrints() {
        ApiKey key = new ApiKey("sk-secret");
        var target = new ChatCompletionClient.Target("b", java.net.URI.create("http://x/v1/chat/completions"), "m", key,
                Duration.ofSeconds(1), null);
        assertThat(target.toString()).doesNotContain("sk-secret").contains("[redacted]");
        assertThat(key.appearsIn("Bearer sk-secret")).isTrue();
    }

    @Test
    void onlyTransientFailuresAreRetried() {
        assertThat(new CallFailure(CallFailure.Kind.HTTP_STATUS, 429, "").retryable()).isTrue();
        assertThat(new CallFailure(CallFailure.Kind.HTTP_STATUS, 503, "").retryable()).isTrue();
        assertThat(new CallFailure(CallFailure.Kind.TIMEOUT, 0, "").retryable()).isTrue();
        assertThat(new CallFailure(CallFailure.Kind.HTTP_STATUS, 401, "").retryable()).isFalse();
        assertThat(new CallFailure(CallFailure.Kind.HTTP_STATUS, 404, "").reason()).isEqualTo("BackendNotFound");
    }
}
