package io.uniroute.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    @Test
    void lastTransitionTimeMovesOnlyWhenTheStatusFlips() {
        Clock t1 = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        Clock t2 = Clock.fixed(Instant.parse("2026-01-01T01:00:00Z"), ZoneOffset.UTC);
        List<Condition> c = Conditions.set(List.of(), "Ready", false, "Profiling", "1/10", 1L, t1);
        c = Conditions.set(c, "Ready", false, "Profiling", "5/10", 1L, t2);
        assertThat(c).singleElement().satisfies(x -> {
            assertThat(x.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(x.getMessage()).isEqualTo("5/10");
        });
        c = Conditions.set(c, "Ready", true, "Profiled", "done", 2L, t2);
        assertThat(c.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T01:00:00Z");
        assertThat(c.get(0).getObservedGeneration()).isEqualTo(2L);
        assertThat(Conditions.is(c, "Ready", true, "Profiled")).isTrue();
        assertThat(Conditions.set(c, "Profiled", true, "Profiled", "done", 2L, t2)).hasSize(2);
    }
}
