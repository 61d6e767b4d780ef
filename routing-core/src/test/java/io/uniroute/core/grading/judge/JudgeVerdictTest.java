package io.uniroute.core.grading.judge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JudgeVerdictTest {

    @Test
    void exactlyOneVerdictObjectParses() {
        assertThat(JudgeVerdict.parse("{\"score\": 0.8, \"reason\": \"close\"}")).contains(new JudgeVerdict(0.8, "close"));
        assertThat(JudgeVerdict.parse("  {\"score\": 1}\n")).contains(new JudgeVerdict(1, ""));
        assertThat(JudgeVerdict.parse("{\"score\": 0.5}").orElseThrow().passes(0.5)).isTrue();
        assertThat(JudgeVerdict.parse("{\"score\": 0.49}").orElseThrow().passes(0.5)).isFalse();
    }

    @Test
    void anythingElseIsUnparseable() {
        for (String bad : new String[] {
                null, "", "yes", "Score: 1", "```json\n{\"score\": 1}\n```", "Here you go: {\"score\": 1}",
                "{\"score\": 1} thanks", "{\"score\": 1}{\"score\": 0}", "{\"score\": \"1\"}", "{\"score\": 1.5}",
                "{\"score\": -0.1}", "{\"reason\": \"fine\"}", "{\"score\": 1, \"model\": \"gpt\"}", "{\"score\": 1, \"reason\": 3}",
                "[{\"score\": 1}]", "{\"score\": NaN}", "I cannot grade this answer.", "{\"score\": 1 // sure\n}"}) {
            assertThat(JudgeVerdict.parse(bad)).as(String.valueOf(bad)).isEmpty();
        }
    }
}
