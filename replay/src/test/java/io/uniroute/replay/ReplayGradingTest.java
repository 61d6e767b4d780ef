package io.uniroute.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.core.dataset.Dataset;
import io.uniroute.replay.answers.AnswerBook;
import io.uniroute.replay.answers.GradedPrompt;
import io.uniroute.replay.datasets.BundledDatasets;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Grading the replay models' answers recovers each model's recorded result on every bundled prompt:
 * all nine models in process ({@link AnswerBook}), three of them (best, middle, worst) over HTTP.
 */
class ReplayGradingTest {

    private static final Dataset DATASET = BundledDatasets.llmrouterMini();
    private static ReplayServer server;
    private static OpenAiTestClient client;

    @BeforeAll
    static void start() {
        server = ReplayServer.builder(DATASET).start();
        client = new OpenAiTestClient(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void gradingTheAnswerBookRecoversEveryModelsRecord() {
        AnswerBook book = server.answers();
        for (String model : DATASET.modelNames()) {
            for (int i = 0; i < DATASET.prompts().size(); i++) {
                GradedPrompt spec = book.gradedPrompts().get(i);
                boolean recorded = DATASET.prompts().get(i).scores().get(model) >= AnswerBook.RIGHT_THRESHOLD;
                assertThat(LocalGraders.grade(spec, book.answer(model, spec.message()).text()))
                        .as("%s on %s (%s)", model, spec.id(), spec.grader()).isEqualTo(recorded);
            }
        }
    }

    @Test
    void gradingHttpAnswersRecoversTheRecordOfBestMiddleAndWorstModel() {
        List<GradedPrompt> specs = server.gradedPrompts();
        assertThat(specs).hasSize(DATASET.prompts().size());
        for (String model : List.of("llama-3.1-nemotron-51b-instruct", "mistral-7b-instruct-v0.3", "llama3-chatqa-1.5-8b")) {
            List<Boolean> graded = new ArrayList<>();
            List<Boolean> recorded = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                // Half the prompts are sent as the rendered message (options appended), half as the raw prompt.
                String sent = i % 2 == 0 ? specs.get(i).message() : DATASET.prompts().get(i).prompt();
                HttpResponse<String> r = client.post("/chat/completions", OpenAiTestClient.chat(model, sent));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-replay-prompt")).hasValue("known");
                graded.add(LocalGraders.grade(specs.get(i), OpenAiTestClient.content(r)));
                recorded.add(DATASET.prompts().get(i).scores().get(model) >= AnswerBook.RIGHT_THRESHOLD);
            }
            assertThat(graded).as(model).isEqualTo(recorded);
            assertThat(server.requestCount(model)).isEqualTo(specs.size());
        }
    }

    @Test
    void everyGraderKindIsUsedOnTheBundledSubset() {
        assertThat(server.gradedPrompts()).extracting(GradedPrompt::grader)
                .contains(GradedPrompt.CHOICE, GradedPrompt.NUMERIC, GradedPrompt.CONTAINS);
    }

    @Test
    void textCompletionsAnswerLikeChat() {
        GradedPrompt spec = server.gradedPrompts().get(0);
        String model = DATASET.modelNames().get(1);
        var body = OpenAiTestClient.JSON.createObjectNode().put("model", model).put("prompt", spec.message());
        HttpResponse<String> r = client.post("/completions", body);
        assertThat(r.statusCode()).isEqualTo(200);
        var json = OpenAiTestClient.parse(r.body());
        assertThat(json.path("object").asText()).isEqualTo("text_completion");
        assertThat(json.at("/choices/0/text").asText())
                .isEqualTo(OpenAiTestClient.content(client.post("/chat/completions", OpenAiTestClient.chat(model, spec.message()))));
        assertThat(json.at("/usage/prompt_tokens").asInt()).isEqualTo((spec.message().length() + 3) / 4);
        assertThat(json.at("/usage/total_tokens").asInt())
                .isEqualTo(json.at("/usage/prompt_tokens").asInt() + json.at("/usage/completion_tokens").asInt());
    }
}
