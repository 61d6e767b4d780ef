package io.uniroute.sidecar.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.metrics.SidecarMetrics;
import org.junit.jupiter.api.Test;

class BackendBreakersTest {

    private static final RoutingTable.Fallback SETTINGS = new RoutingTable.Fallback(3, 3, 60_000);
    private static final RuntimeException WHY = new RuntimeException("status 500");

    @Test
    void opensOnlyAfterThresholdFailuresInARow() {
        BackendBreakers breakers = new BackendBreakers(new SidecarMetrics());
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 2; i++) {
                assertThat(breakers.tryAcquire("b", SETTINGS)).isTrue();
                breakers.failed("b", SETTINGS, 1_000, WHY);
            }
            assertThat(breakers.tryAcquire("b", SETTINGS)).isTrue();
            breakers.succeeded("b", SETTINGS, 1_000);
        }
        assertThat(breakers.open()).isEmpty();
        for (int i = 0; i < 3; i++) {
            assertThat(breakers.tryAcquire("b", SETTINGS)).isTrue();
            breakers.failed("b", SETTINGS, 1_000, WHY);
        }
        assertThat(breakers.open()).containsExactly("b");
        assertThat(breakers.tryAcquire("b", SETTINGS)).isFalse();
    }

    @Test
    void releasedCallsCountNeitherWay() {
        BackendBreakers breakers = new BackendBreakers(new SidecarMetrics());
        for (int i = 0; i < 10; i++) {
            assertThat(breakers.tryAcquire("b", SETTINGS)).isTrue();
            breakers.released("b", SETTINGS);
        }
        assertThat(breakers.open()).isEmpty();
    }

    @Test
    void slowSuccessesAreSuccesses() {
        BackendBreakers breakers = new BackendBreakers(new SidecarMetrics());
        for (int i = 0; i < 10; i++) {
            assertThat(breakers.tryAcquire("b", SETTINGS)).isTrue();
            breakers.succeeded("b", SETTINGS, 120_000_000_000L); // two minutes: not a "slow call" failure
        }
        assertThat(breakers.open()).isEmpty();
    }
}
