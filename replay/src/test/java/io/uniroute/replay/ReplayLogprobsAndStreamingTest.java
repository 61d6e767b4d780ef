package io.uniroute.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** Simulated logprobs (lower on wrong answers) and SSE streaming, over HTTP. */
class ReplayLogprobsAndStreamingTest {

    private static final Dataset DATASET = BundledDatasets.llmrouterMini();
    private static final String MODEL = "gemma-2-9b-it";
    private static ReplayServer server;
    private static OpenAiTestClient client;

    @BeforeAll
    static void start() {
        server = ReplayServer.builder(DATASET).models(List.of(MODEL, "qwen2.5-7b-instruct")).seed(7).start();
        client = new OpenAiTestClient(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ObjectNode chatWithLogprobs(String message) {
        ObjectNode body = (ObjectNode) OpenAiTestClient.chat(MODEL, message);
        return body.put("logprobs", true).put("top_logprobs", 2);
    }

    private static double meanLogprob(JsonNode content) {
        double sum = 0;
        for (JsonNode t : content) {
            assertThat(t.get("logprob").asDouble()).isLessThanOrEqualTo(0);
            sum += t.get("logprob").asDouble();
        }
        return sum / content.size();
    }

    @Test
    void logprobsAreHighOnRightAnswersAndLowOnWrongOnes() {
        List<Double> right = new ArrayList<>();
        List<Double> wrong = new ArrayList<>();
        List<GradedPrompt> specs = server.gradedPrompts();
        for (int i = 0; i < specs.size(); i += 3) {
            HttpResponse<String> r = client.post("/chat/completions", chatWithLogprobs(specs.get(i).message()));
            JsonNode choice = OpenAiTestClient.parse(r.body()).at("/choices/0");
            JsonNode content = choice.at("/logprobs/content");
            assertThat(content.size()).isPositive();
            StringBuilder text = new StringBuilder();
            content.forEach(t -> text.append(t.get("token").asText()));
            assertThat(text.toString()).isEqualTo(choice.at("/message/content").asText());
            assertThat(content.get(0).get("top_logprobs")).hasSize(2);
            boolean recorded = DATASET.prompts().get(i).scores().get(MODEL) >= AnswerBook.RIGHT_THRESHOLD;
            (recorded ? right : wrong).add(meanLogprob(content));
        }
        assertThat(right).isNotEmpty();
        assertThat(wrong).isNotEmpty();
        double meanRight = right.stream().mapToDouble(d -> d).average().orElseThrow();
        double meanWrong = wrong.stream().mapToDouble(d -> d).average().orElseThrow();
        assertThat(meanRight).isBetween(-0.2, -0.02);
        assertThat(meanWrong).isBetween(-2.0, -1.0);
        assertThat(right.stream().mapToDouble(d -> d).min().orElseThrow())
                .isGreaterThan(wrong.stream().mapToDouble(d -> d).max().orElseThrow());
    }

    @Test
    void noLogprobsUnlessAsked() {
        HttpResponse<String> r = client.post("/chat/completions", OpenAiTestClient.chat(MODEL, "hello"));
        assertThat(OpenAiTestClient.parse(r.body()).at("/choices/0/logprobs").isNull()).isTrue();
    }

    @Test
    void sameRequestSameAnswerAndLogprobs() {
        String message = server.gradedPrompts().get(5).message();
        assertThat(client.post("/chat/completions", chatWithLogprobs(message)).body().replaceAll("\"(id|created)\":[^,]+,", ""))
                .isEqualTo(client.post("/chat/completions", chatWithLogprobs(message)).body().replaceAll("\"(id|created)\":[^,]+,", ""));
    }

    @Test
    void chatStreamsAsSseChunksEndingInDone() {
        String message = server.gradedPrompts().get(0).message();
        String whole = OpenAiTestClient.content(client.post("/chat/completions", OpenAiTestClient.chat(MODEL, message)));
        ObjectNode body = chatWithLogprobs(message).put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        HttpResponse<String> r = client.post("/chat/completions", body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        List<String> data = OpenAiTestClient.sseData(r.body());
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(OpenAiTestClient::parse).toList();
        assertThat(chunks).hasSizeGreaterThan(3);
        assertThat(chunks).allSatisfy(c -> assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk"));
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        long withContent = chunks.stream().filter(c -> c.at("/choices/0/delta/content").isTextual()
                && !c.at("/choices/0/delta/content").asText().isEmpty()).count();
        chunks.forEach(c -> text.append(c.at("/choices/0/delta/content").asText("")));
        assertThat(withContent).isGreaterThan(1);
        assertThat(text.toString()).isEqualTo(whole);
        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.get("choices")).isEmpty();
        assertThat(last.at("/usage/total_tokens").asInt()).isPositive();
        assertThat(chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(chunks.get(1).at("/choices/0/logprobs/content/0/logprob").isNumber()).isTrue();
    }

    @Test
    void completionsStreamToo() {
        ObjectNode body = OpenAiTestClient.JSON.createObjectNode().put("model", MODEL).put("prompt", "say something")
                .put("stream", true);
        List<String> data = OpenAiTestClient.sseData(client.post("/completions", body).body());
        assertThat(data).hasSizeGreaterThan(3).last().isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        data.subList(0, data.size() - 1).forEach(d -> text.append(OpenAiTestClient.parse(d).at("/choices/0/text").asText()));
        assertThat(text.toString()).startsWith("Simulated answer sim-");
    }

    @Test
    void maxTokensCutsTheAnswerWithFinishReasonLength() {
        ObjectNode body = (ObjectNode) OpenAiTestClient.chat(MODEL, "anything at all");
        body.put("max_tokens", 2);
        JsonNode choice = OpenAiTestClient.parse(client.post("/chat/completions", body).body()).at("/choices/0");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
        assertThat(choice.at("/message/content").asText()).isEqualTo("Simulated answer");
    }
}
