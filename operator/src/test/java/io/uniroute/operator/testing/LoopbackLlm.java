package io.uniroute.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real OpenAI-compatible HTTP server on loopback for tests: answers each prompt (the last user
 * message) through a function, and on demand fails with a status, answers garbage, or answers
 * slowly. It records requests, the most requests in flight at once, and the Authorization
 * headers it saw.
 */
public final class LoopbackLlm implements AutoCloseable {

    public enum Mode { NORMAL, FAIL, GARBAGE }

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private volatile Function<String, String> answers = p -> "I don't know.";
    private volatile Mode mode = Mode.NORMAL;
    private volatile int failStatus = 500;
    private volatile Duration latency = Duration.ZERO;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong firstArrivalNanos = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong lastAnswerNanos = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Set<String> authorizations = ConcurrentHashMap.newKeySet();
    private final Set<String> models = ConcurrentHashMap.newKeySet();

    public LoopbackLlm() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    /** The base URL to put in an LLMBackend's spec.endpoint. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public LoopbackLlm answering(Function<String, String> answers) {
        this.answers = answers;
        return this;
    }

    public LoopbackLlm failingWith(int status) {
        this.failStatus = status;
        this.mode = Mode.FAIL;
        return this;
    }

    public LoopbackLlm garbage() {
        this.mode = Mode.GARBAGE;
        return this;
    }

    public LoopbackLlm healthy() {
        this.mode = Mode.NORMAL;
        return this;
    }

    public LoopbackLlm withLatency(Duration latency) {
        this.latency = latency;
        return this;
    }

    public int requests() {
        return requests.get();
    }

    /** Requests answered (any status) so far; {@link #requests()} minus this are still in flight. */
    public int answered() {
        return answered.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public Set<String> authorizations() {
        return Set.copyOf(authorizations);
    }

    public Set<String> models() {
        return Set.copyOf(models);
    }

    /** System.nanoTime() of the first request's arrival (0 before any). */
    public long firstArrivalNanos() {
        return firstArrivalNanos.get();
    }

    /** Seconds from the first request's arrival to the last answer sent. */
    public double busySeconds() {
        return (lastAnswerNanos.get() - firstArrivalNanos.get()) / 1e9;
    }

    private void handle(HttpExchange ex) throws IOException {
        firstArrivalNanos.compareAndSet(0, System.nanoTime());
        requests.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        // A request stops counting as in flight before its answer is written: a client that has read the
        // answer may send its next request before this thread gets back from send(), which would
        // otherwise count one request too many.
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable leave = () -> {
            if (counted.compareAndSet(true, false)) {
                inFlight.decrementAndGet();
            }
        };
        try {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                authorizations.add(auth);
            }
            JsonNode body = mapper.readTree(ex.getRequestBody());
            models.add(body.path("model").asText());
            if (!latency.isZero()) {
                try {
                    Thread.sleep(latency.toMillis()); // the simulated model's thinking time, on the server's own thread
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String prompt = lastUserMessage(body.path("messages"));
            Mode m = mode;
            String answer = m == Mode.NORMAL ? answers.apply(prompt) : null;
            leave.run();
            switch (m) {
                case FAIL -> send(ex, failStatus, "{\"error\":{\"message\":\"simulated failure\",\"type\":\"server_error\"}}");
                case GARBAGE -> send(ex, 200, "<html>502 Bad Gateway from a proxy</html>");
                default -> {
                    ObjectNode out = mapper.createObjectNode();
                    out.put("id", "chatcmpl-loopback").put("object", "chat.completion").put("model", body.path("model").asText());
                    out.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                            .putObject("message").put("role", "assistant").put("content", answer);
                    out.putObject("usage").put("prompt_tokens", prompt.length() / 4 + 8)
                            .put("completion_tokens", answer.length() / 4 + 1)
                            .put("total_tokens", prompt.length() / 4 + answer.length() / 4 + 9);
                    send(ex, 200, out.toString());
                }
            }
        } finally {
            answered.incrementAndGet();
            lastAnswerNanos.set(System.nanoTime());
            leave.run();
        }
    }

    private static String lastUserMessage(JsonNode messages) {
        String last = "";
        for (JsonNode m : messages) {
            if ("user".equals(m.path("role").asText())) {
                last = m.path("content").asText();
            }
        }
        return last;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        try {
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the client gave up (timeout): nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

}
