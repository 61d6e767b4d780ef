package io.uniroute.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StratifiedPromptSelectionTest {

    /** sizes[c] prompts in cluster c, laid out cluster after cluster. */
    private static int[] clusters(int... sizes) {
        int[] out = new int[Arrays.stream(sizes).sum()];
        int i = 0;
        for (int c = 0; c < sizes.length; c++) {
            for (int n = 0; n < sizes[c]; n++) {
                out[i++] = c;
            }
        }
        return out;
    }

    private static int[] perCluster(int[] clusterOf, int[] chosen, int k) {
        int[] count = new int[k];
        for (int i : chosen) {
            count[clusterOf[i]]++;
        }
        return count;
    }

    @Test
    void everyClusterGetsAFewAndTheRestGoesInProportion() {
        int[] clusterOf = clusters(600, 200, 200, 4, 0);
        int[] chosen = new StratifiedPromptSelection(7).select(clusterOf, 5, 100);
        int[] count = perCluster(clusterOf, chosen, 5);
        assertThat(chosen).hasSize(100).doesNotHaveDuplicates().isSorted();
        assertThat(count[3]).isEqualTo(3); // the tiny cluster still gets its floor
        assertThat(count[4]).isZero();
        // after the floor, 88 left are shared by what each cluster has left: ≈ 53, 18, 18 (+ the floor's 3 each)
        assertThat(count[0]).isBetween(54, 58);
        assertThat(count[1]).isBetween(19, 22);
        assertThat(count[2]).isBetween(19, 22);
    }

    @Test
    void theSameSeedChoosesTheSamePromptsAndAnotherSeedOthers() {
        int[] clusterOf = clusters(300, 300, 300);
        int[] a = new StratifiedPromptSelection(1).select(clusterOf, 3, 60);
        assertThat(new StratifiedPromptSelection(1).select(clusterOf, 3, 60)).containsExactly(a);
        assertThat(new StratifiedPromptSelection(2).select(clusterOf, 3, 60)).isNotEqualTo(a);
        assertThat(perCluster(clusterOf, a, 3)).containsExactly(20, 20, 20);
    }

    @Test
    void aBudgetCoveringEveryPromptTakesThemAll() {
        int[] clusterOf = clusters(5, 3);
        assertThat(new StratifiedPromptSelection(1).select(clusterOf, 2, 8)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(new StratifiedPromptSelection(1).select(clusterOf, 2, 100)).hasSize(8);
    }

    @Test
    void aBudgetBelowTheClusterCountGoesToTheLargestClusters() {
        int[] clusterOf = clusters(50, 40, 5, 5, 5);
        int[] count = perCluster(clusterOf, new StratifiedPromptSelection(3).select(clusterOf, 5, 3), 5);
        assertThat(count).containsExactly(2, 1, 0, 0, 0);
    }

    @Test
    void badInputIsRefusedWithAMessage() {
        assertThatThrownBy(() -> new StratifiedPromptSelection(1).select(new int[] {0, 2}, 2, 1))
                .hasMessageContaining("cluster 2");
        assertThatThrownBy(() -> new StratifiedPromptSelection(1).select(new int[] {0}, 1, -1))
                .hasMessageContaining("budget");
    }
}
