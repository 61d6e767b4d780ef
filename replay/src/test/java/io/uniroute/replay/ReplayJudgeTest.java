package io.uniroute.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.grading.judge.JudgePrompt;
import io.uniroute.core.grading.judge.JudgeVerdict;
import io.uniroute.replay.answers.AnswerBook;
import io.uniroute.replay.answers.GradedPrompt;
import io.uniroute.replay.datasets.BundledDatasets;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The replay judge (a simulation) over HTTP: clean it recovers the record, noisy it disagrees at its rate, garbage it cannot be parsed. */
class ReplayJudgeTest {

    private static final Dataset DATASET = BundledDatasets.llmrouterMini();
    private static final String MODEL = "mistral-7b-instruct-v0.3";
    private static ReplayServer server;
    private static OpenAiTestClient client;

    @BeforeAll
    static void start() {
        server = ReplayServer.builder(DATASET).models(List.of(MODEL))
                .judge("judge-clean", JudgeBehaviour.CLEAN)
                .judge("noisy-1", JudgeBehaviour.noisy(0.10))
                .judge("noisy-2", JudgeBehaviour.noisy(0.10))
                .judge("noisy-3", JudgeBehaviour.noisy(0.10))
                .judge("judge-garbage", JudgeBehaviour.GARBAGE)
                .start();
        client = new OpenAiTestClient(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String content(String model, String text) {
        HttpResponse<String> r = client.post("/chat/completions", OpenAiTestClient.chat(model, text));
        assertThat(r.statusCode()).isEqualTo(200);
        return OpenAiTestClient.content(r);
    }

    private static Optional<JudgeVerdict> judge(String judge, GradedPrompt p, boolean withReference) {
        String answer = content(MODEL, p.message());
        return JudgeVerdict.parse(content(judge, JudgePrompt.render(p.message(), withReference ? p.reference() : null,
                withReference ? null : "Answers the question correctly.", answer)));
    }

    private static boolean recorded(int i) {
        return DATASET.prompts().get(i).scores().get(MODEL) >= AnswerBook.RIGHT_THRESHOLD;
    }

    @Test
    void aCleanJudgeRecoversTheRecordWithAndWithoutAReference() {
        List<GradedPrompt> prompts = server.gradedPrompts();
        for (int i = 0; i < prompts.size(); i++) {
            Optional<JudgeVerdict> v = judge("judge-clean", prompts.get(i), i % 2 == 0);
            assertThat(v).as(prompts.get(i).id()).isPresent();
            assertThat(v.get().passes(0.5)).as(prompts.get(i).id()).isEqualTo(recorded(i));
        }
        assertThat(server.isJudge("judge-clean")).isTrue();
        assertThat(server.isJudge(MODEL)).isFalse();
    }

    @Test
    void aNoisyJudgeDisagreesWithTheRecordAtItsRateAndRepeatsItself() {
        // three judges, each its own seeded draws: 1,056 verdicts, so 10% ± 3 standard errors is [7%, 13%]
        List<GradedPrompt> prompts = server.gradedPrompts();
        int disagree = 0;
        for (String judge : List.of("noisy-1", "noisy-2", "noisy-3")) {
            for (int i = 0; i < prompts.size(); i++) {
                JudgeVerdict v = judge(judge, prompts.get(i), false).orElseThrow();
                if (v.passes(0.5) != recorded(i)) {
                    disagree++;
                }
            }
        }
        double rate = disagree / (3.0 * prompts.size());
        assertThat(rate).as("disagreement over %d verdicts", 3 * prompts.size()).isBetween(0.07, 0.13);
        // the same task and answer get the same verdict (a seeded draw, not a fresh coin each time)
        GradedPrompt p = prompts.get(3);
        assertThat(judge("noisy-1", p, false)).isEqualTo(judge("noisy-1", p, false));
    }

    @Test
    void aGarbageJudgeAndANonJudgePromptGiveNoParseableVerdict() {
        GradedPrompt p = server.gradedPrompts().get(0);
        assertThat(judge("judge-garbage", p, true)).isEmpty();
        assertThat(JudgeVerdict.parse(content("judge-clean", "What is 2 + 2?"))).isEmpty();
        server.setJudgeBehaviour("judge-garbage", JudgeBehaviour.CLEAN);
        try {
            assertThat(judge("judge-garbage", p, true)).isPresent();
        } finally {
            server.setJudgeBehaviour("judge-garbage", JudgeBehaviour.GARBAGE);
        }
    }
}
