package io.uniroute.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KSelectionTest {

    // four topics; the cheap LLM is right on topics 0 and 2 only, the dear one everywhere but topic 3:
    // a router needs the four topics apart to send only topic 1 to the dear LLM
    private static final double[][] RATES = {{0.05, 0.95, 0.05, 0.5}, {0.05, 0.05, 0.05, 0.5}};
    private final double[] ruleCosts = {0.2, 1.0};

    @Test
    void keepsTheKWithTheLargestAreaAndSkipsKAboveThePromptCount() {
        SyntheticPrompts train = SyntheticPrompts.draw(30, 6, RATES, 1);
        SyntheticPrompts val = SyntheticPrompts.draw(15, 6, RATES, 2);
        var psi = new KSelection.LabelledPrompts(train.embeddings(), train.errors(), null);
        var eval = new KSelection.LabelledPrompts(val.embeddings(), val.errors(), val.costs(0.2, 1.0));

        KSelection.Result r = KSelection.select(new int[] {1, 4, 500}, 3, train.embeddings(), psi, eval, ruleCosts);

        assertThat(r.k()).isEqualTo(4);
        assertThat(r.clustering().centroids()).hasNumberOfRows(4);
        assertThat(r.candidates()).extracting(KSelection.Candidate::k).containsExactly(1, 4, 500);
        assertThat(r.candidates().get(2).area()).isNaN();
        assertThat(r.candidates().get(1).area()).isGreaterThan(r.candidates().get(0).area());
    }

    @Test
    void theChosenAreaIsTheAreaOfItsRouter() {
        SyntheticPrompts train = SyntheticPrompts.draw(30, 6, RATES, 5);
        SyntheticPrompts val = SyntheticPrompts.draw(15, 6, RATES, 6);
        var psi = new KSelection.LabelledPrompts(train.embeddings(), train.errors(), null);
        var eval = new KSelection.LabelledPrompts(val.embeddings(), val.errors(), val.costs(0.2, 1.0));
        KSelection.Result r = KSelection.select(new int[] {2, 4, 8}, 3, train.embeddings(), psi, eval, ruleCosts);
        double best = r.candidates().stream().mapToDouble(KSelection.Candidate::area).max().orElseThrow();
        double chosen = KSelection.area(new NearestCentroidMap(r.clustering().centroids()), psi, eval, ruleCosts);
        assertThat(chosen).isEqualTo(best);
    }

    @Test
    void whenEveryKIsTooLargeItUsesOneClusterPerPrompt() {
        SyntheticPrompts train = SyntheticPrompts.draw(2, 6, RATES, 1);
        var psi = new KSelection.LabelledPrompts(train.embeddings(), train.errors(), null);
        var eval = new KSelection.LabelledPrompts(train.embeddings(), train.errors(), train.costs(0.2, 1.0));
        KSelection.Result r = KSelection.select(new int[] {50}, 3, train.embeddings(), psi, eval, ruleCosts);
        assertThat(r.k()).isEqualTo(8);
    }
}
