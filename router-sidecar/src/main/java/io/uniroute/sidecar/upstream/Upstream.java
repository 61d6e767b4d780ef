package io.uniroute.sidecar.upstream;

import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.SidecarConfig;
import io.uniroute.sidecar.metrics.SidecarMetrics;
import io.uniroute.sidecar.table.LoadedTable;
import io.uniroute.sidecar.upstream.UpstreamFailure.Kind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request to one backend — the model rewritten to the backend's, its API key and the
 * request id added — and commits to the answer only once it is known good: a checked completion
 * (non-streamed), a stream whose first event is a chunk (the rest left paused for the relay), or
 * the backend's own 4xx about the request (400, 404, 413, 422 …). Everything else fails with an
 * {@link UpstreamFailure} the caller may fall back on: a connect error, no first byte within the
 * backend's timeout, the idle timeout, a 5xx, a 429 (its Retry-After starts a cool-down), a 401, 403
 * or 407 (the backend refused our key for it: our fault, not the client's, and its text may quote
 * the key, so it is read and dropped), a bad answer, or the request's deadline. Each call
 * takes a breaker permission and gives it back exactly once (see {@link BackendBreakers}).
 */
public final class Upstream {

    private static final Logger LOG = LoggerFactory.getLogger(Upstream.class);
    /** A refused key fails every request to that backend: one warning per backend per minute, not per request. */
    private static final long AUTH_WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Vertx vertx;
    private final HttpClient client;
    private final SidecarConfig config;
    private final BackendBreakers breakers;
    private final CoolDowns coolDowns;
    private final SidecarMetrics metrics;
    private final Map<String, Long> authWarned = new ConcurrentHashMap<>();

    public Upstream(Vertx vertx, HttpClient client, SidecarConfig config, BackendBreakers breakers, CoolDowns coolDowns,
            SidecarMetrics metrics) {
        this.vertx = vertx;
        this.client = client;
        this.config = config;
        this.breakers = breakers;
        this.coolDowns = coolDowns;
        this.metrics = metrics;
    }

    /**
     * @param path   {@code /chat/completions} or {@code /completions}
     * @param probe  a non-final cascade stage: not streamed, logprobs requested, read whole
     * @param force  called even when its breaker refuses (a pinned backend, a last resort); its
     *               outcome is then not recorded by the breaker
     */
    public Future<Answer> call(Caller caller, LoadedTable table, int index, JsonObject request, String path,
            String accept, boolean probe, boolean force) {
        RoutingTable.Backend backend = table.backend(index);
        String name = backend.name();
        if (caller.gone()) {
            return Future.failedFuture(new ClientGone(name));
        }
        long remaining = caller.remainingMillis();
        if (remaining <= 0) {
            return Future.failedFuture(new UpstreamFailure(name, Kind.DEADLINE, "request deadline passed"));
        }
        RoutingTable.Fallback settings = table.table().fallbackOrDefaults();
        boolean permitted = breakers.tryAcquire(name, settings);
        if (!permitted && !force) {
            return Future.failedFuture(new UpstreamFailure(name, Kind.BREAKER_OPEN, "circuit open"));
        }
        return new Attempt(caller, table, index, request, path, accept, probe, settings, permitted, remaining).start();
    }

    /** One call's state; all of it runs on the caller's event loop. */
    private final class Attempt {
        private final Caller caller;
        private final LoadedTable table;
        private final int index;
        private final String name;
        private final JsonObject request;
        private final String path;
        private final String accept;
        private final boolean probe;
        private final RoutingTable.Fallback settings;
        private final boolean permitted;
        private final long remaining;
        private final Promise<Answer> promise = Promise.promise();
        private final long start = System.nanoTime();
        private final Runnable cancel = this::clientLeft;
        private HttpClientRequest req;
        /** The answer was read to its end: the connection can go back to the pool. */
        private boolean drained;

        Attempt(Caller caller, LoadedTable table, int index, JsonObject request, String path, String accept,
                boolean probe, RoutingTable.Fallback settings, boolean permitted, long remaining) {
            this.caller = caller;
            this.table = table;
            this.index = index;
            this.name = table.backend(index).name();
            this.request = request;
            this.path = path;
            this.accept = accept;
            this.probe = probe;
            this.settings = settings;
            this.permitted = permitted;
            this.remaining = remaining;
        }

        Future<Answer> start() {
            RoutingTable.Backend backend = table.backend(index);
            long firstByte = backend.timeoutMillis() != null ? backend.timeoutMillis() : config.firstByteTimeout().toMillis();
            boolean deadlineFirst = remaining < firstByte;
            long timer = vertx.setTimer(Math.max(1, Math.min(firstByte, remaining)), t -> fail(deadlineFirst
                    ? new UpstreamFailure(name, Kind.DEADLINE, "request deadline passed")
                    : new UpstreamFailure(name, Kind.FIRST_BYTE_TIMEOUT, "no answer within " + firstByte + " ms")));
            caller.whileInFlight(cancel);
            promise.future().onComplete(ar -> {
                vertx.cancelTimer(timer);
                caller.done(cancel);
            });
            JsonObject body = request.copy().put("model", backend.model());
            if (probe) {
                body.put("stream", false).remove("stream_options");
                body.put("logprobs", path.startsWith("/chat") ? (Object) Boolean.TRUE : (Object) 1);
            }
            RequestOptions options = new RequestOptions()
                    .setHeaders(io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(caller.forwardHeaders()))
                    .setMethod(HttpMethod.POST)
                    .setAbsoluteURI(url(backend.endpoint(), path))
                    .setConnectTimeout(config.connectTimeout().toMillis())
                    .setIdleTimeout(config.upstreamIdleTimeout().toMillis())
                    .putHeader("content-type", "application/json")
                    .putHeader("accept", probe || accept == null ? "application/json" : accept)
                    .putHeader("x-request-id", caller.requestId());
            String key = table.keys().get(name);
            if (key != null) {
                options.putHeader("authorization", "Bearer " + key);
            }
            client.request(options).onComplete(ar -> {
                if (ar.failed()) {
                    fail(connectionFailure(ar.cause()));
                    return;
                }
                req = ar.result();
                if (promise.future().isComplete()) { // timed out or the client left meanwhile
                    req.reset();
                    return;
                }
                req.send(body.toBuffer()).onComplete(sent -> {
                    if (sent.failed()) {
                        fail(connectionFailure(sent.cause()));
                    } else {
                        answered(sent.result());
                    }
                });
            });
            return promise.future();
        }

        private void answered(HttpClientResponse resp) {
            if (promise.future().isComplete()) {
                return; // reset already
            }
            metrics.upstreamNanos(name, System.nanoTime() - start);
            int status = resp.statusCode();
            if (status == 429) {
                long wait = RetryAfter.millis(resp.getHeader("retry-after"), System.currentTimeMillis());
                coolDowns.rateLimited(name, wait);
                drain(resp);
                fail(new UpstreamFailure(name, Kind.RATE_LIMITED, "status 429", wait));
            } else if (status >= 500) {
                drain(resp);
                fail(new UpstreamFailure(name, Kind.STATUS, "status " + status));
            } else if (status == 401 || status == 403 || status == 407) {
                drain(resp); // its body may quote our key (OpenAI's names its last characters): never relayed, never logged
                authRefused(status);
                fail(new UpstreamFailure(name, Kind.BACKEND_AUTH, "status " + status + ", the router's key for it refused"));
            } else if (probe) {
                readWhole(resp, false);
            } else if (status >= 300) {
                resp.pause(); // the backend's own 4xx about the request is the client's answer: piped as it is
                succeed(Answer.streaming(index, name, resp, Buffer.buffer()));
            } else if (String.valueOf(resp.getHeader("content-type")).startsWith("text/event-stream")) {
                readFirstEvent(resp);
            } else {
                readWhole(resp, true);
            }
        }

        private void readWhole(HttpClientResponse resp, boolean check) {
            resp.body().onComplete(ar -> {
                drained = true;
                if (ar.failed()) {
                    fail(connectionFailure(ar.cause()));
                } else if (check && !AnswerCheck.isCompletion(ar.result())) {
                    fail(new UpstreamFailure(name, Kind.BAD_ANSWER, "answer is not a completion"));
                } else {
                    succeed(Answer.whole(index, name, resp, ar.result(), probe));
                }
            });
        }

        /** Reads up to the stream's first event; a chunk commits to the stream, anything else falls back. */
        private void readFirstEvent(HttpClientResponse resp) {
            Buffer head = Buffer.buffer();
            resp.exceptionHandler(e -> fail(connectionFailure(e)));
            resp.endHandler(v -> {
                drained = true;
                fail(new UpstreamFailure(name, Kind.BAD_ANSWER, "stream ended before its first event"));
            });
            resp.handler(chunk -> {
                if (promise.future().isComplete()) {
                    return;
                }
                head.appendBuffer(chunk);
                switch (AnswerCheck.firstEvent(head)) {
                    case VALID -> {
                        resp.pause(); // the rest waits for the relay's pipe
                        succeed(Answer.streaming(index, name, resp, head));
                    }
                    case INVALID -> fail(new UpstreamFailure(name, Kind.BAD_ANSWER, "stream's first event is not a completion chunk"));
                    case NEED_MORE -> { }
                }
            });
        }

        private void authRefused(int status) {
            metrics.backendAuthFailed(name, status);
            long now = System.nanoTime();
            Long last = authWarned.get(name);
            if (last == null || now - last > AUTH_WARN_EVERY_NANOS) {
                authWarned.put(name, now);
                LOG.warn("backend {} refused the router's credentials for it (status {}): check the API key its table names"
                        + " (apiKey, the LLMBackend's apiKeySecretRef); trying the next backend", name, status);
            }
        }

        private void drain(HttpClientResponse resp) {
            drained = true;
            resp.body(); // read to the end, so the connection goes back to the pool
        }

        private void succeed(Answer answer) {
            if (promise.tryComplete(answer)) {
                if (permitted) {
                    breakers.succeeded(name, settings, System.nanoTime() - start);
                }
            } else {
                answer.discard();
            }
        }

        private void clientLeft() {
            if (!promise.future().isComplete()) {
                metrics.upstreamCancelled(name, "waiting");
            }
            fail(new ClientGone(name));
        }

        private void fail(RuntimeException why) {
            if (!promise.tryFail(why)) {
                return;
            }
            if (req != null && !drained) {
                req.reset(); // stop the backend generating, and billing, for nobody
            }
            if (!permitted) {
                return;
            }
            boolean says = why instanceof UpstreamFailure f && f.kind() != Kind.RATE_LIMITED && f.kind() != Kind.DEADLINE;
            if (says) {
                breakers.failed(name, settings, System.nanoTime() - start, why);
            } else {
                breakers.released(name, settings); // the client left, a 429, or our deadline: no verdict
            }
        }

        private RuntimeException connectionFailure(Throwable t) {
            if (caller.gone()) {
                return new ClientGone(name); // not the backend's fault
            }
            return new UpstreamFailure(name, kindOf(t), reason(t));
        }
    }

    /**
     * The OpenAI convention, as the operator's profiling client applies it: an endpoint is a base
     * URL such as {@code https://api.openai.com/v1} and the operation's path is appended. The same
     * rule on both sides, so the endpoint that was profiled is the endpoint that is routed to.
     */
    static String url(String endpoint, String path) {
        return (endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint) + path;
    }

    private static Kind kindOf(Throwable t) {
        String reason = reason(t);
        return switch (reason) {
            case "connect error" -> Kind.CONNECT;
            case "timeout" -> Kind.IDLE_TIMEOUT;
            default -> Kind.CONNECTION;
        };
    }

    private static String reason(Throwable t) {
        if (t instanceof ConnectException || t.getClass().getSimpleName().contains("Connect")) {
            return "connect error";
        }
        if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")
                || String.valueOf(t.getMessage()).toLowerCase().contains("timeout")) {
            return "timeout";
        }
        return "connection failed";
    }
}
