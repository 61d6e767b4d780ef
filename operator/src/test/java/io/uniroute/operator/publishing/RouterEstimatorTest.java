package io.uniroute.operator.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.uniroute.core.routing.NearestCentroidMap;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LabelSelectors;
import io.uniroute.operator.api.PromptSetProfile;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterEstimatorTest {

    @Test
    void splitIsSeededAndLeavesPromptsOnBothSides() {
        boolean[] a = RouterEstimator.split(20, 0.3, 42);
        assertThat(RouterEstimator.split(20, 0.3, 42)).isEqualTo(a);
        int held = 0;
        for (boolean b : a) {
            held += b ? 1 : 0;
        }
        assertThat(held).isEqualTo(6);
        assertThat(RouterEstimator.split(2, 0.5, 1)).containsExactlyInAnyOrder(true, false);
    }

    /** Two clusters; the cheap backend is right on cluster 0 only, the dear one on both: the router mixes them. */
    @Test
    void routerUsesTheCheapBackendWhereItIsGoodEnough() {
        List<float[]> x = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            x.add(i % 2 == 0 ? new float[] {1, 0} : new float[] {0, 1});
        }
        var map = new NearestCentroidMap(new float[][] {{1, 0}, {0, 1}});
        BitSet cheapRight = new BitSet();
        BitSet dearRight = new BitSet();
        for (int i = 0; i < 40; i++) {
            if (i % 2 == 0) {
                cheapRight.set(i);
            }
            dearRight.set(i);
        }
        var cheap = backend("cheap", 40, 0.001, cheapRight);
        var dear = backend("dear", 40, 0.01, dearRight);
        var e = RouterEstimator.estimate(map, x, List.of(cheap, dear), new double[] {0.1, 1.0}, 0.5, RouterEstimator.split(40, 0.3, 7));
        assertThat(e.router().accuracy()).isEqualTo(1.0);
        assertThat(e.router().costPerQueryUsd()).isBetween(0.001, 0.01);
        assertThat(e.backends().get(0).accuracy()).isLessThan(1.0);
        // a very large λ: cost alone decides, the cheap backend takes everything and accuracy drops
        var eCheap = RouterEstimator.estimate(map, x, List.of(cheap, dear), new double[] {0.1, 1.0}, 100.0, RouterEstimator.split(40, 0.3, 7));
        assertThat(eCheap.backends().get(0).routedShare()).isEqualTo(1.0);
        assertThat(eCheap.router().accuracy()).isLessThan(1.0);
    }

    @Test
    void labelSelectorsFollowKubernetesSemantics() {
        var sel = new LabelSelectorBuilder().addToMatchLabels("pool", "a").addNewMatchExpression().withKey("tier")
                .withOperator("In").withValues("gold", "silver").endMatchExpression().build();
        assertThat(LabelSelectors.matches(sel, Map.of("pool", "a", "tier", "gold"))).isTrue();
        assertThat(LabelSelectors.matches(sel, Map.of("pool", "a", "tier", "bronze"))).isFalse();
        assertThat(LabelSelectors.matches(sel, Map.of("tier", "gold"))).isFalse();
        assertThat(LabelSelectors.matches(null, Map.of())).isTrue();
    }

    private static ProfiledBackend backend(String name, int n, double cost, BitSet right) {
        LLMBackend b = new LLMBackend();
        b.setMetadata(new ObjectMetaBuilder().withName(name).build());
        var p = new PromptSetProfile("ps", "h", "m", n, n, null, null, 0L, 0L, 0L, right.cardinality() / (double) n, 0.0, 0.0, 0.0,
                cost, null, null);
        return new ProfiledBackend(b, p, right);
    }
}
