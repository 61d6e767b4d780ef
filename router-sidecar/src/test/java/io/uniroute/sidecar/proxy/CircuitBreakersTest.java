package io.uniroute.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.sidecar.metrics.SidecarMetrics;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakersTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final SidecarMetrics metrics = new SidecarMetrics();
    private final CircuitBreakers breakers = new CircuitBreakers(metrics, now::get);

    @Test
    void opensAfterTheThresholdThenLetsOneTrialThrough() {
        breakers.failure("b", 3, 10_000);
        breakers.failure("b", 3, 10_000);
        assertThat(breakers.open()).isEmpty();
        breakers.failure("b", 3, 10_000);
        assertThat(breakers.open()).containsExactly("b");
        assertThat(metrics.scrape()).contains("uniroute_sidecar_circuit_open{backend=\"b\"} 1.0");

        now.addAndGet(10_001);
        assertThat(breakers.open()).isEmpty(); // half-open: one request may try
        breakers.using("b");
        assertThat(breakers.open()).containsExactly("b"); // the others wait for its outcome

        breakers.failure("b", 3, 10_000); // the trial failed: open again
        assertThat(breakers.open()).containsExactly("b");
        now.addAndGet(10_001);
        breakers.using("b");
        breakers.success("b"); // the trial worked: closed
        assertThat(breakers.open()).isEmpty();
        assertThat(metrics.scrape()).contains("uniroute_sidecar_circuit_open{backend=\"b\"} 0.0");
    }

    @Test
    void aSuccessResetsTheCount() {
        breakers.failure("b", 2, 10_000);
        breakers.success("b");
        breakers.failure("b", 2, 10_000);
        assertThat(breakers.open()).isEmpty();
    }
}
