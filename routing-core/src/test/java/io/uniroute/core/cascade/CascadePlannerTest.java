package io.uniroute.core.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CascadePlannerTest {

    private static final List<String> STAGES = List.of("small", "medium", "large");
    private static final Map<String, Integer> INDEX = Map.of("small", 0, "medium", 1, "large", 2);
    private static final double[] COSTS = {0.001, 0.01, 0.1};

    private static List<String> names(CascadePlan plan) {
        return plan.stages().stream().map(CascadePlan.Stage::backend).toList();
    }

    @Test
    void keepsEveryStageWhenAllAreGoodEnough() {
        var plan = CascadePlanner.plan(STAGES, INDEX, new double[] {0.2, 0.1, 0.05}, COSTS, 0.5, 3,
                Double.POSITIVE_INFINITY, Set.of());
        assertThat(names(plan)).containsExactly("small", "medium", "large");
        assertThat(plan.isFinal(2)).isTrue();
    }

    @Test
    void skipsAStageWhoseEstimatedErrorIsAboveTheThresholdButNeverTheLast() {
        var plan = CascadePlanner.plan(STAGES, INDEX, new double[] {0.9, 0.3, 0.8}, COSTS, 0.5, 3,
                Double.POSITIVE_INFINITY, Set.of());
        assertThat(names(plan)).containsExactly("medium", "large");
        assertThat(plan.skipped()).containsExactly("small");
    }

    @Test
    void costCeilingDropsExpensiveStagesSoTheAffordableOneIsFinal() {
        var plan = CascadePlanner.plan(STAGES, INDEX, new double[] {0.2, 0.1, 0.05}, COSTS, 0.5, 3, 0.02, Set.of());
        assertThat(names(plan)).containsExactly("small", "medium");
        assertThat(plan.skipped()).containsExactly("large");
    }

    @Test
    void ceilingBelowEveryStageLeavesAnEmptyPlan() {
        var plan = CascadePlanner.plan(STAGES, INDEX, new double[] {0.2, 0.1, 0.05}, COSTS, 0.5, 3, 0.0001, Set.of());
        assertThat(plan.stages()).isEmpty();
    }

    @Test
    void maxStagesKeepsTheCheapestAndTheFinal() {
        var plan = CascadePlanner.plan(STAGES, INDEX, new double[] {0.2, 0.1, 0.05}, COSTS, 0.5, 2,
                Double.POSITIVE_INFINITY, Set.of());
        assertThat(names(plan)).containsExactly("small", "large");
        assertThat(plan.skipped()).containsExactly("medium");
    }

    @Test
    void unavailableBackendsAreLeftOut() {
        var plan = CascadePlanner.plan(STAGES, INDEX, new double[] {0.2, 0.1, 0.05}, COSTS, 0.5, 3,
                Double.POSITIVE_INFINITY, Set.of("large"));
        assertThat(names(plan)).containsExactly("small", "medium");
    }
}
