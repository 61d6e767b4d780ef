package io.uniroute.replay;

import io.uniroute.core.hashing.Sha256;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.uniroute.replay.answers.SimulatedAnswer;
import io.uniroute.replay.answers.SimulatedLogprobs;
import io.uniroute.replay.answers.SimulatedLogprobs.TokenLogprob;
import io.uniroute.replay.http.OpenAiError;
import io.uniroute.replay.http.OpenAiResponses;
import io.uniroute.replay.http.ReplayRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible endpoints of the replay simulation, with or without the {@code /v1}
 * prefix: {@code POST chat/completions}, {@code POST completions}, {@code GET models[/{id}]}, and
 * {@code GET /healthz}. Runs on the server's worker threads (blocking is fine here: latency and
 * hangs are simulated by sleeping, interrupted when the server stops).
 */
final class OpenAiEndpoints implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiEndpoints.class);
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final String GARBAGE = "{\"id\": \"chatcmpl-replay\", \"choices\": [{\"message\": {\"content\": \"The ans"
            + "\u0000 <simulated garbage body>";

    private final SimulatedModels models;
    private final byte[] apiKeyDigest;
    private final ObjectMapper json = new ObjectMapper();
    private final OpenAiResponses responses = new OpenAiResponses(json);
    private final AtomicLong ids = new AtomicLong();

    OpenAiEndpoints(SimulatedModels models, String apiKey) {
        this.models = models;
        this.apiKeyDigest = apiKey == null ? null : sha256(apiKey);
    }

    @Override
    public void handle(HttpExchange ex) {
        try {
            route(ex);
        } catch (OpenAiError e) {
            sendIfNothingSent(ex, e);
        } catch (IOException e) {
            LOG.debug("client went away: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("replay simulation failed on {} {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
            sendIfNothingSent(ex, new OpenAiError(500, "server_error", null, null,
                    "The replay simulation failed: " + e.getClass().getSimpleName()));
        } finally {
            ex.close(); // unanswered (a simulated hang) this hangs up the connection
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals("/healthz")) {
            requireMethod(ex, "GET");
            ObjectNode body = json.createObjectNode().put("status", "ok").put("simulation", true);
            models.names().forEach(body.putArray("models")::add);
            send(ex, 200, body);
            return;
        }
        if (path.startsWith("/v1/") || path.equals("/v1")) {
            path = path.substring(3);
        }
        checkApiKey(ex);
        if (path.equals("/models")) {
            requireMethod(ex, "GET");
            ObjectNode body = json.createObjectNode().put("object", "list");
            ArrayNode data = body.putArray("data");
            models.names().forEach(m -> data.add(modelNode(m)));
            send(ex, 200, body);
        } else if (path.startsWith("/models/")) {
            requireMethod(ex, "GET");
            String id = path.substring("/models/".length());
            send(ex, 200, modelNode(servedModel(id)));
        } else if (path.equals("/chat/completions")) {
            requireMethod(ex, "POST");
            answer(ex, ReplayRequest.Kind.CHAT);
        } else if (path.equals("/completions")) {
            requireMethod(ex, "POST");
            answer(ex, ReplayRequest.Kind.COMPLETION);
        } else {
            throw new OpenAiError(404, "invalid_request_error", null, "unknown_url",
                    "Unknown request URL: " + ex.getRequestMethod() + " " + ex.getRequestURI().getPath()
                            + " (this replay simulation serves /v1/chat/completions, /v1/completions, /v1/models)");
        }
    }

    private void answer(HttpExchange ex, ReplayRequest.Kind kind) throws IOException {
        ReplayRequest req = ReplayRequest.parse(kind, readJson(ex));
        String model = servedModel(req.model());
        ModelBehaviour behaviour = models.behaviour(model);
        switch (models.admit(model)) {
            case SERVER_ERROR -> throw new OpenAiError(500, "server_error", null, "simulated_fault",
                    "The server had an error while processing your request (simulated fault).");
            case RATE_LIMIT -> {
                ex.getResponseHeaders().set("Retry-After", "1");
                throw new OpenAiError(429, "requests", null, "rate_limit_exceeded",
                        "Rate limit reached for " + model + " (simulated fault).");
            }
            case HANG -> {
                // No response at all; closing the exchange unanswered hangs up the connection.
                pause(behaviour.faults().hangFor());
                return;
            }
            case GARBAGE -> {
                if (pause(behaviour.latency())) {
                    sendGarbage(ex, req.stream());
                }
                return;
            }
            case NONE -> {
            }
        }
        if (!pause(behaviour.latency())) {
            return;
        }
        SimulatedAnswer a = models.isJudge(model)
                ? new SimulatedAnswer("judge", true, true, models.judgeReply(model, req.userText()))
                : models.answers().answer(model, req.userText());
        List<TokenLogprob> tokens = SimulatedLogprobs.of(a, "logprobs", a.promptId(), model, Long.toString(models.seed()));
        String finish = "stop";
        if (req.maxTokens() != null && tokens.size() > req.maxTokens()) {
            tokens = tokens.subList(0, req.maxTokens());
            finish = "length";
        }
        String text = tokens.stream().map(TokenLogprob::token).reduce("", String::concat);
        ObjectNode usage = responses.usage(OpenAiResponses.estimateTokens(req.inputChars()),
                OpenAiResponses.estimateTokens(text.length()));
        String id = (kind == ReplayRequest.Kind.CHAT ? "chatcmpl-replay-" : "cmpl-replay-") + ids.incrementAndGet();
        long created = System.currentTimeMillis() / 1000;
        ex.getResponseHeaders().set("x-replay-simulation", "true");
        ex.getResponseHeaders().set("x-replay-prompt", a.known() ? "known" : "unknown");
        if (req.stream()) {
            stream(ex, req, id, created, tokens, finish, usage, behaviour.tokenInterval());
        } else {
            send(ex, 200, responses.completion(req, id, created, text, tokens, finish, usage));
        }
    }

    private void stream(HttpExchange ex, ReplayRequest req, String id, long created, List<TokenLogprob> tokens,
            String finish, ObjectNode usage, Duration interval) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        boolean chat = req.kind() == ReplayRequest.Kind.CHAT;
        if (chat) {
            event(out, responses.chunk(req, id, created, "", true, req.logprobs() ? List.of() : null, null, 0));
        }
        int offset = 0;
        for (TokenLogprob t : tokens) {
            if (offset > 0 && !pause(interval)) {
                return;
            }
            event(out, responses.chunk(req, id, created, t.token(), false, List.of(t), null, offset));
            offset += t.token().length();
        }
        event(out, responses.chunk(req, id, created, "", false, null, finish, offset));
        if (req.includeUsage()) {
            event(out, responses.usageChunk(req, id, created, usage));
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void event(OutputStream out, ObjectNode chunk) throws IOException {
        out.write(("data: " + json.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void sendGarbage(HttpExchange ex, boolean stream) throws IOException {
        byte[] body = ((stream ? "data: " : "") + GARBAGE).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", stream ? "text/event-stream" : "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }

    /** Sleeps; false when interrupted (the server is stopping), so the caller just hangs up. */
    private static boolean pause(Duration d) {
        if (d.isZero()) {
            return true;
        }
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String servedModel(String model) {
        if (!models.serves(model)) {
            throw new OpenAiError(404, "invalid_request_error", "model", "model_not_found",
                    "The model '" + model + "' does not exist in this replay simulation (it serves "
                            + String.join(", ", models.names()) + ").");
        }
        return model;
    }

    private ObjectNode modelNode(String model) {
        return json.createObjectNode().put("id", model).put("object", "model").put("created", 0)
                .put("owned_by", OpenAiResponses.FINGERPRINT);
    }

    private JsonNode readJson(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new OpenAiError(413, "invalid_request_error", null, "request_too_large",
                    "The request body exceeds " + MAX_BODY_BYTES + " bytes.");
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw OpenAiError.badRequest(null, "We could not parse the JSON body of your request: "
                    + e.getOriginalMessage());
        }
    }

    private void checkApiKey(HttpExchange ex) {
        if (apiKeyDigest == null) {
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String given = auth != null && auth.startsWith("Bearer ") ? auth.substring("Bearer ".length()).strip() : "";
        // Compare digests in constant time; the key itself is never logged nor echoed.
        if (!MessageDigest.isEqual(apiKeyDigest, sha256(given))) {
            throw new OpenAiError(401, "invalid_request_error", null, "invalid_api_key",
                    "Incorrect or missing API key (send Authorization: Bearer <key>).");
        }
    }

    private static void requireMethod(HttpExchange ex, String method) {
        if (!ex.getRequestMethod().equalsIgnoreCase(method)) {
            ex.getResponseHeaders().set("Allow", method);
            throw new OpenAiError(405, "invalid_request_error", null, "method_not_allowed",
                    "Method " + ex.getRequestMethod() + " is not allowed here; use " + method + ".");
        }
    }

    private void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private void sendIfNothingSent(HttpExchange ex, OpenAiError e) {
        if (ex.getResponseCode() != -1) {
            return; // headers already out (a stream broke): all we can do is close
        }
        try {
            send(ex, e.status(), e.body(json));
        } catch (IOException io) {
            LOG.debug("could not send error: {}", io.toString());
        }
    }

    private static byte[] sha256(String s) {
        return Sha256.digest(s.getBytes(StandardCharsets.UTF_8));
    }
}
