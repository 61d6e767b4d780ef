package io.uniroute.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrialSplitTest {

    @Test
    void splitsPrompts60_10_30AndLlmsTwoThirdsToOneThird() {
        TrialSplit s = TrialSplit.random(100, 9, new Random(3));
        assertThat(s.train()).hasSize(60);
        assertThat(s.validation()).hasSize(10);
        assertThat(s.test()).hasSize(30);
        int[] all = IntStream.concat(IntStream.concat(IntStream.of(s.train()), IntStream.of(s.validation())),
                IntStream.of(s.test())).sorted().toArray();
        assertThat(all).containsExactly(IntStream.range(0, 100).toArray());
        assertThat(s.trainLlms()).hasSize(6);
        assertThat(s.testLlms()).hasSize(3);
        assertThat(IntStream.concat(IntStream.of(s.trainLlms()), IntStream.of(s.testLlms())).sorted().toArray())
                .containsExactly(IntStream.range(0, 9).toArray());
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        TrialSplit a = TrialSplit.random(50, 6, new Random(1));
        TrialSplit b = TrialSplit.random(50, 6, new Random(1));
        TrialSplit c = TrialSplit.random(50, 6, new Random(2));
        assertThat(a.test()).containsExactly(b.test());
        assertThat(a.testLlms()).containsExactly(b.testLlms());
        assertThat(a.test()).isNotEqualTo(c.test());
    }

    @Test
    void tinyInputsStillGiveEveryPartAMemberOrFailClearly() {
        TrialSplit s = TrialSplit.random(3, 2, new Random(1));
        assertThat(s.train()).hasSize(1);
        assertThat(s.validation()).hasSize(1);
        assertThat(s.test()).hasSize(1);
        assertThat(s.testLlms()).hasSize(1);
        assertThatThrownBy(() -> TrialSplit.random(2, 3, new Random(1))).hasMessageContaining("at least 3 prompts");
        assertThatThrownBy(() -> TrialSplit.random(10, 1, new Random(1))).hasMessageContaining("at least 2 LLMs");
    }
}
