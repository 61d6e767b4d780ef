package io.uniroute.sidecar.support;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.util.Map;

/**
 * An h2c client (prior knowledge, no upgrade) holding at most one connection, so that every request
 * is a stream on the same HTTP/2 connection, as when a proxy in front multiplexes its clients.
 *
 * <p>Every request is made, and its answer read, on one event-loop context: the context the connection
 * is created on. Vert.x 5.0.7's {@code HttpClientResponse.body()} drops the end of a response that
 * ended before {@code body()} was called (eclipse-vertx/vert.x#6038, fixed after 5.0.7), and a request
 * made from a test thread gets a context of its own, often on another event loop than the connection's:
 * its response reaches the {@code body()} call a hop later, after a short answer's last frame may have
 * been handled, and the body future never completes. On the connection's own context the response
 * callbacks run while its HEADERS frame is handled, before its DATA frame.
 */
public final class H2cClient implements AutoCloseable {

    /** One answer: its status, protocol version, body, and the connection it came on. */
    public record Answer(int status, HttpVersion version, String body, HttpConnection connection) {
    }

    private final HttpClient client;
    private final Context context;

    public H2cClient(Vertx vertx) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false), new PoolOptions().setHttp2MaxSize(1));
        this.context = vertx.getOrCreateContext();
    }

    /** POSTs {@code body} as JSON to the loopback port; the future has the whole answer. */
    public Future<Answer> post(int port, String path, Map<String, String> headers, String body) {
        Promise<Answer> answer = Promise.promise();
        context.runOnContext(v -> client.request(HttpMethod.POST, port, "127.0.0.1", path)
                .compose(req -> {
                    headers.forEach(req::putHeader);
                    return req.putHeader("content-type", "application/json").send(body);
                })
                .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), resp.version(), b.toString(),
                        resp.request().connection())))
                .onComplete(answer));
        return answer.future();
    }

    @Override
    public void close() throws Exception {
        SidecarFixture.await(client.close());
    }
}
