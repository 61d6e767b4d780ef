package io.uniroute.sidecar.support;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real OpenAI-compatible HTTP server on loopback whose answers the test controls: the text, the
 * token logprobs, a latency, a 5xx, and SSE streams that can be held back chunk by chunk.
 */
public final class OpenAiTestBackend {

    public final String name;
    private final Vertx vertx;
    private HttpServer server;
    private Context context;
    public final List<JsonObject> requests = new CopyOnWriteArrayList<>();
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** Each request's headers, in order. */
    public final List<io.vertx.core.MultiMap> headers = new CopyOnWriteArrayList<>();
    /** Sent with a {@link #failStatus} answer (e.g. a 429's {@code Retry-After}). */
    public volatile String retryAfter = null;
    /** Added to every answer. */
    public final java.util.Map<String, String> extraHeaders = new java.util.concurrent.ConcurrentHashMap<>();
    /** While positive, each answer is a non-JSON 200 (and the count goes down): a sporadic bad answer. */
    public final java.util.concurrent.atomic.AtomicInteger garbageTimes = new java.util.concurrent.atomic.AtomicInteger();
    /** When set, a stream request gets this body as {@code text/event-stream} (a broken stream). */
    public volatile String streamGarbage = null;
    /** When set, the answer's head is sent at once and its body only after this delay. */
    public volatile long bodyDelayMillis = 0;
    public volatile String answer;
    public volatile double tokenLogprob = -0.05;
    public volatile int failStatus = 0;
    /** The body of a {@link #failStatus} answer, when set (e.g. OpenAI's 401 text naming the key's last characters). */
    public volatile String failBody = null;
    /** When set, every answer is this body with status 200 (a broken backend). */
    public volatile String garbage = null;
    public volatile long delayMillis = 0;
    /** Requests whose connection closed before the answer was sent (the caller gave up on it). */
    public final java.util.concurrent.atomic.AtomicInteger abandonedBeforeAnswer = new java.util.concurrent.atomic.AtomicInteger();
    /** When true, a stream sends its first chunk and then one more per {@link #releaseChunk()}. */
    public volatile boolean holdStream = false;
    private final Deque<String> heldChunks = new ArrayDeque<>();
    private HttpServerResponse heldResponse;
    /** Set when a stream's connection closed before the stream ended (the caller went away). */
    public volatile boolean streamAbandoned = false;

    private OpenAiTestBackend(Vertx vertx, String name) {
        this.vertx = vertx;
        this.name = name;
        this.answer = "answer from " + name;
    }

    public static OpenAiTestBackend start(Vertx vertx, String name) throws Exception {
        OpenAiTestBackend b = new OpenAiTestBackend(vertx, name);
        b.server = vertx.createHttpServer().requestHandler(b::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
        return b;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    public int port() {
        return server.actualPort();
    }

    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get();
    }

    private void handle(HttpServerRequest req) {
        context = vertx.getOrCreateContext();
        req.body().onSuccess(buf -> {
            JsonObject body = buf.toJsonObject();
            requests.add(body);
            headers.add(io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(req.headers()));
            String auth = req.getHeader("authorization");
            authorizations.add(auth == null ? "" : auth);
            boolean chat = req.path().endsWith("/chat/completions");
            Runnable respond = () -> respond(req.response(), body, chat);
            if (delayMillis > 0) {
                req.response().closeHandler(v -> {
                    if (!req.response().headWritten()) {
                        abandonedBeforeAnswer.incrementAndGet();
                    }
                });
                vertx.setTimer(delayMillis, t -> {
                    if (!req.response().closed()) {
                        respond.run();
                    }
                });
            } else {
                respond.run();
            }
        });
    }

    private void respond(HttpServerResponse resp, JsonObject body, boolean chat) {
        extraHeaders.forEach(resp::putHeader);
        if (failStatus > 0) {
            if (retryAfter != null) {
                resp.putHeader("retry-after", retryAfter);
            }
            resp.setStatusCode(failStatus).putHeader("content-type", "application/json")
                    .end(failBody != null ? failBody
                            : new JsonObject().put("error", new JsonObject().put("message", "backend failure")).encode());
            return;
        }
        if (garbage != null || garbageTimes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            resp.putHeader("content-type", "application/json").end(garbage != null ? garbage : "<html>oops</html>");
            return;
        }
        if (streamGarbage != null && body.getBoolean("stream", false)) {
            resp.putHeader("content-type", "text/event-stream").end(streamGarbage);
            return;
        }
        if (bodyDelayMillis > 0) { // the head now, the body much later
            resp.setChunked(true).putHeader("content-type", "application/json").writeHead();
            resp.closeHandler(v -> {
                if (!resp.ended()) {
                    abandonedBeforeAnswer.incrementAndGet();
                }
            });
            vertx.setTimer(bodyDelayMillis, t -> {
                if (!resp.closed()) {
                    resp.end(completion(body, chat).encode());
                }
            });
            return;
        }
        String model = body.getString("model");
        if (body.getBoolean("stream", false)) {
            resp.setChunked(true).putHeader("content-type", "text/event-stream");
            resp.closeHandler(v -> streamAbandoned = !resp.ended());
            String[] words = answer.split(" ");
            synchronized (heldChunks) {
                heldChunks.clear();
                for (int i = 0; i < words.length; i++) {
                    String piece = (i == 0 ? "" : " ") + words[i];
                    heldChunks.add("data: " + chunk(model, piece, chat).encode() + "\n\n");
                }
                heldChunks.add("data: [DONE]\n\n");
                heldResponse = resp;
            }
            if (holdStream) {
                releaseChunk();
            } else {
                while (releaseOne()) {
                    // all at once
                }
            }
            return;
        }
        resp.putHeader("content-type", "application/json").end(completion(body, chat).encode());
    }

    private JsonObject completion(JsonObject body, boolean chat) {
        String model = body.getString("model");
        JsonArray tokens = new JsonArray();
        for (String w : answer.split(" ")) {
            tokens.add(new JsonObject().put("token", w).put("logprob", tokenLogprob));
        }
        JsonObject choice = new JsonObject().put("index", 0).put("finish_reason", "stop");
        if (chat) {
            choice.put("message", new JsonObject().put("role", "assistant").put("content", answer));
            if (Boolean.TRUE.equals(body.getValue("logprobs"))) {
                choice.put("logprobs", new JsonObject().put("content", tokens));
            }
        } else {
            choice.put("text", answer);
            if (body.getValue("logprobs") != null) {
                JsonArray lps = new JsonArray();
                tokens.forEach(t -> lps.add(((JsonObject) t).getDouble("logprob")));
                choice.put("logprobs", new JsonObject().put("token_logprobs", lps));
            }
        }
        return new JsonObject()
                .put("id", "cmpl-" + name).put("object", chat ? "chat.completion" : "text_completion")
                .put("created", 1).put("model", model).put("choices", new JsonArray().add(choice))
                .put("usage", new JsonObject().put("prompt_tokens", 5).put("completion_tokens", 3));
    }

    /** Sends the next held SSE chunk (on the server's event loop). */
    public void releaseChunk() {
        context.runOnContext(v -> releaseOne());
    }

    private boolean releaseOne() {
        synchronized (heldChunks) {
            String next = heldChunks.poll();
            if (next == null) {
                return false;
            }
            if (heldChunks.isEmpty()) {
                heldResponse.end(next);
            } else {
                heldResponse.write(next);
            }
            return true;
        }
    }

    private JsonObject chunk(String model, String piece, boolean chat) {
        JsonObject choice = new JsonObject().put("index", 0).putNull("finish_reason");
        if (chat) {
            choice.put("delta", new JsonObject().put("content", piece));
        } else {
            choice.put("text", piece);
        }
        return new JsonObject().put("id", "cmpl-" + name).put("object", chat ? "chat.completion.chunk" : "text_completion")
                .put("created", 1).put("model", model).put("choices", new JsonArray().add(choice));
    }
}
