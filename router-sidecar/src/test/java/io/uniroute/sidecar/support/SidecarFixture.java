package io.uniroute.sidecar.support;



import io.uniroute.core.table.RoutingTable;
import io.uniroute.sidecar.Sidecar;
import io.uniroute.sidecar.SidecarConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A sidecar on loopback serving a table file, and a client to call it. */
public final class SidecarFixture implements AutoCloseable {

    public final Vertx vertx;
    public final Path tableFile;
    public final Sidecar sidecar;
    public final WebClient client;

    private SidecarFixture(Vertx vertx, Path tableFile, Sidecar sidecar) {
        this.vertx = vertx;
        this.tableFile = tableFile;
        this.sidecar = sidecar;
        this.client = WebClient.create(vertx);
    }

    public static SidecarFixture start(Vertx vertx, Path dir, RoutingTable table) throws Exception {
        return start(vertx, dir, table, SidecarConfig.defaults(), true);
    }

    public static SidecarFixture start(Vertx vertx, Path dir, RoutingTable table, SidecarConfig base, boolean awaitTable)
            throws Exception {
        return start(vertx, dir, table, base, awaitTable, TestEmbedder.get());
    }

    public static SidecarFixture start(Vertx vertx, Path dir, RoutingTable table, SidecarConfig base, boolean awaitTable,
            io.uniroute.core.embedding.Embedder embedder) throws Exception {
        Path file = dir.resolve("routing.json");
        if (table != null) {
            TestTables.write(file, table);
        }
        // Tests keep a short idle timeout (5 s, or the base's when shorter) and a fast poll.
        Duration idle = base.upstreamIdleTimeout().compareTo(Duration.ofSeconds(5)) < 0 ? base.upstreamIdleTimeout()
                : Duration.ofSeconds(5);
        SidecarConfig config = base.withTableFiles(List.of(file)).withLimits(base.maxBodyBytes(), idle, Duration.ofMillis(100));
        if (config.embedMaxWait().equals(SidecarConfig.defaults().embedMaxWait())) {
            // Tests assert prompt-specific routing: on a busy machine a worker may not start within the
            // default 50 ms, and the overload rule would route without the embedding. OverloadTest sets its own.
            config = config.withResilience(config.firstByteTimeout(), Duration.ofSeconds(60));
        }
        Sidecar sidecar = await(Sidecar.start(vertx, config, embedder));
        SidecarFixture f = new SidecarFixture(vertx, file, sidecar);
        if (awaitTable) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !sidecar.tables().snapshot().isEmpty());
        }
        return f;
    }

    public static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    public static JsonObject chat(String model, String prompt) {
        return new JsonObject().put("model", model).put("messages", new JsonArray()
                .add(new JsonObject().put("role", "system").put("content", "Answer briefly."))
                .add(new JsonObject().put("role", "user").put("content", prompt)));
    }

    public HttpResponse<Buffer> post(String path, JsonObject body) throws Exception {
        return post(path, body, Map.of());
    }

    public HttpResponse<Buffer> post(String path, JsonObject body, Map<String, String> headers) throws Exception {
        var req = client.post(sidecar.port(), "127.0.0.1", path);
        req.putHeaders(MultiMap.caseInsensitiveMultiMap().addAll(headers));
        return await(req.sendBuffer(body.toBuffer()));
    }

    public HttpResponse<Buffer> postRaw(String path, Buffer body) throws Exception {
        return await(client.post(sidecar.port(), "127.0.0.1", path).putHeader("content-type", "application/json")
                .sendBuffer(body));
    }

    public HttpResponse<Buffer> get(String path) throws Exception {
        return await(client.get(sidecar.port(), "127.0.0.1", path).send());
    }

    @Override
    public void close() throws Exception {
        client.close();
        await(sidecar.close());
    }
}
