package io.uniroute.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.uniroute.replay.datasets.BundledDatasets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad requests get OpenAI-style 4xx errors; the discovery and health endpoints; the API key. */
class ReplayErrorsTest {

    private static final String MODEL = "gemma-2-9b-it";
    private static final String KEY = "sk-test-not-a-real-key";
    private static ReplayServer server;
    private static OpenAiTestClient client;

    @BeforeAll
    static void start() {
        server = ReplayServer.builder(BundledDatasets.llmrouterMini()).models(List.of(MODEL)).apiKey(KEY).start();
        client = new OpenAiTestClient(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String path, String body) {
        return client.send(client.request(path).header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static JsonNode error(HttpResponse<String> r) {
        JsonNode e = OpenAiTestClient.parse(r.body()).get("error");
        assertThat(e).as(r.body()).isNotNull();
        assertThat(e.get("message").asText()).isNotBlank();
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{not json",
            "[1, 2]",
            "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
            "{\"model\": \"gemma-2-9b-it\"}",
            "{\"model\": \"gemma-2-9b-it\", \"messages\": []}",
            "{\"model\": \"gemma-2-9b-it\", \"messages\": [{\"role\": \"system\", \"content\": \"hi\"}]}",
            "{\"model\": \"gemma-2-9b-it\", \"messages\": [{\"content\": \"hi\"}]}",
            "{\"model\": \"gemma-2-9b-it\", \"messages\": [{\"role\": \"user\", \"content\": 5}]}",
            "{\"model\": \"gemma-2-9b-it\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stream\": \"yes\"}",
            "{\"model\": \"gemma-2-9b-it\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"n\": 2}",
            "{\"model\": \"gemma-2-9b-it\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": 0}",
            "{\"model\": \"gemma-2-9b-it\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"top_logprobs\": 3}",
            "{\"model\": \"gemma-2-9b-it\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"logprobs\": 1}",
    })
    void malformedChatRequestsGet400(String body) {
        HttpResponse<String> r = post("/chat/completions", body);
        assertThat(r.statusCode()).as(body).isEqualTo(400);
        assertThat(error(r).get("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void malformedCompletionRequestGets400() {
        HttpResponse<String> r = post("/completions", "{\"model\": \"gemma-2-9b-it\", \"prompt\": [\"a\", \"b\"]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r).get("param").asText()).isEqualTo("prompt");
    }

    @Test
    void unknownModelGets404ModelNotFound() {
        HttpResponse<String> r = post("/chat/completions", OpenAiTestClient.chat("gpt-9", "hi").toString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(error(r).get("code").asText()).isEqualTo("model_not_found");
        assertThat(error(r).get("message").asText()).contains(MODEL);
        assertThat(client.send(client.request("/models/gpt-9").header("Authorization", "Bearer " + KEY).GET().build())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void unknownPathAndWrongMethod() {
        assertThat(post("/embeddings", "{}").statusCode()).isEqualTo(404);
        HttpResponse<String> get = client.send(client.request("/chat/completions").header("Authorization", "Bearer " + KEY)
                .GET().build());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void oversizedBodyGets413() {
        String huge = "{\"model\": \"gemma-2-9b-it\", \"prompt\": \"" + "x".repeat(OpenAiEndpoints.MAX_BODY_BYTES) + "\"}";
        assertThat(post("/completions", huge).statusCode()).isEqualTo(413);
    }

    @Test
    void apiKeyIsRequiredAndNeverEchoed() {
        HttpResponse<String> none = client.post("/chat/completions", OpenAiTestClient.chat(MODEL, "hi"));
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(error(none).get("code").asText()).isEqualTo("invalid_api_key");
        HttpResponse<String> wrong = client.send(client.request("/models").header("Authorization", "Bearer " + KEY + "x").GET().build());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain(KEY);
        assertThat(post("/chat/completions", OpenAiTestClient.chat(MODEL, "hi").toString()).statusCode()).isEqualTo(200);
    }

    @Test
    void modelsAndHealthAnswer() {
        JsonNode models = OpenAiTestClient.parse(client.send(client.request("/models")
                .header("Authorization", "Bearer " + KEY).GET().build()).body());
        assertThat(models.get("object").asText()).isEqualTo("list");
        assertThat(models.at("/data/0/id").asText()).isEqualTo(MODEL);
        OpenAiTestClient root = new OpenAiTestClient(server.rootUrl());
        HttpResponse<String> health = root.get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(OpenAiTestClient.parse(health.body()).get("simulation").asBoolean()).isTrue();
        // The OpenAI paths also answer without the /v1 prefix.
        assertThat(root.send(root.request("/chat/completions").header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString(OpenAiTestClient.chat(MODEL, "hi").toString())).build())
                .statusCode()).isEqualTo(200);
    }
}
