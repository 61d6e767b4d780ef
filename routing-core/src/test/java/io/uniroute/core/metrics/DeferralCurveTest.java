package io.uniroute.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeferralCurveTest {

    private static CostAccuracyPoint p(double c, double a) {
        return new CostAccuracyPoint(c, a);
    }

    // hull F(.1,.3) A(.2,.5) B(.5,.7) C(1,.8); D(.4,.55) and E(.7,.7) lie below it
    private final DeferralCurve curve = DeferralCurve.of(List.of(
            p(0.5, 0.7), p(0.4, 0.55), p(1.0, 0.8), p(0.2, 0.5), p(0.7, 0.7), p(0.1, 0.3)));

    @Test
    void isTheUpperConvexHull() {
        assertThat(curve.vertices()).containsExactly(p(0.1, 0.3), p(0.2, 0.5), p(0.5, 0.7), p(1.0, 0.8));
    }

    @Test
    void isFlatBelowTheCheapestPointAndLinearBetweenVertices() {
        assertThat(curve.accuracyAt(0.0)).isEqualTo(0.3);
        assertThat(curve.accuracyAt(0.05)).isEqualTo(0.3);
        assertThat(curve.accuracyAt(0.35)).isCloseTo(0.6, within(1e-12));
        assertThat(curve.accuracyAt(1.0)).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void areaIsComputedByHand() {
        // 0.1·0.3 + 0.1·(0.3+0.5)/2 + 0.3·(0.5+0.7)/2 + 0.5·(0.7+0.8)/2 = 0.03 + 0.04 + 0.18 + 0.375
        assertThat(curve.area()).isCloseTo(0.625, within(1e-12));
        // up to cost 0.5: 0.03 + 0.04 + 0.18
        assertThat(curve.area50()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void isFlatAfterTheMostAccuratePointAndIgnoresDearerWorsePoints() {
        DeferralCurve c = DeferralCurve.of(List.of(p(0.2, 0.6), p(0.5, 0.9), p(1.0, 0.85)));
        assertThat(c.vertices()).containsExactly(p(0.2, 0.6), p(0.5, 0.9));
        // 0.2·0.6 + 0.3·(0.6+0.9)/2 + 0.5·0.9
        assertThat(c.area()).isCloseTo(0.795, within(1e-12));
        assertThat(c.accuracyAt(0.8)).isEqualTo(0.9);
    }

    @Test
    void aSinglePointIsAFlatLine() {
        DeferralCurve c = DeferralCurve.of(List.of(p(0.4, 0.6), p(0.4, 0.5)));
        assertThat(c.vertices()).containsExactly(p(0.4, 0.6));
        assertThat(c.area()).isCloseTo(0.6, within(1e-12));
        assertThat(c.area50()).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void qncInBothReadings() {
        // reaches 0.75 at cost 0.5 + 0.5·(0.05/0.1) = 0.75
        assertThat(curve.costToReach(0.75)).isCloseTo(0.75, within(1e-12));
        // of the most accurate LLM's cost 0.8, and of the maximum cost 1
        assertThat(curve.qnc(0.75, 0.8)).isCloseTo(0.9375, within(1e-9));
        assertThat(curve.qnc(0.75, 1.0)).isCloseTo(0.75, within(1e-9));
        // never reached: 100%; reached only above the reference cost: capped at 100%
        assertThat(curve.qnc(0.9, 0.8)).isEqualTo(1.0);
        assertThat(curve.qnc(0.75, 0.5)).isEqualTo(1.0);
        // already reached by the cheapest setting: that setting's cost
        assertThat(curve.costToReach(0.2)).isEqualTo(0.1);
        assertThat(curve.costToReach(0.81)).isNaN();
    }

    @Test
    void rejectsNoOrNonFinitePoints() {
        assertThatThrownBy(() -> DeferralCurve.of(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeferralCurve.of(List.of(p(Double.NaN, 0.5)))).isInstanceOf(IllegalArgumentException.class);
    }
}
