package io.uniroute.sidecar.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the Kubernetes API serving ConfigMaps only: GET by name, list by
 * {@code fieldSelector=metadata.name=NAME}, and {@code watch=true} streaming one JSON event per line
 * as the API does. Named Fake because the project's fabric8 mock server runs on Vert.x 4 and cannot
 * share this module's classpath with Vert.x 5 (STYLE.md). {@link #dropWatches()} closes every open
 * watch connection, as an API server restart or a load balancer's idle cut would.
 */
public final class FakeKubernetesApi {

    /** One open watch: its events go out as lines of a chunked response or as WebSocket text messages. */
    private record Watch(String key, java.util.function.Consumer<String> send, Runnable drop) {
    }

    private final Map<String, JsonObject> configMaps = new ConcurrentHashMap<>();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final AtomicLong resourceVersion = new AtomicLong(1);
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    public final AtomicInteger watchRequests = new AtomicInteger();
    private HttpServer server;

    private volatile boolean webSocketWatchOnly;

    public static FakeKubernetesApi start(Vertx vertx) throws Exception {
        return start(vertx, false);
    }

    /**
     * @param webSocketWatchOnly answer a streamed HTTP watch with 500 and serve watches only as a
     *                           WebSocket upgrade, as the fabric8 mock server does
     */
    public static FakeKubernetesApi start(Vertx vertx, boolean webSocketWatchOnly) throws Exception {
        FakeKubernetesApi api = new FakeKubernetesApi();
        api.webSocketWatchOnly = webSocketWatchOnly;
        api.server = vertx.createHttpServer().requestHandler(api::handle).webSocketHandler(ws -> {
            api.authorizations.add(String.valueOf(ws.headers().get("authorization")));
            String[] p = ws.path().split("/");
            var selector = new io.netty.handler.codec.http.QueryStringDecoder(ws.uri()).parameters().get("fieldSelector");
            String key = p[4] + "/" + String.valueOf(selector == null ? null : selector.get(0)).replaceFirst("^metadata\\.name=", "");
            api.watchRequests.incrementAndGet();
            Watch w = new Watch(key, ws::writeTextMessage, ws::close);
            api.watches.add(w);
            ws.closeHandler(v -> api.watches.remove(w));
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        return api;
    }

    private void handle(HttpServerRequest req) {
        authorizations.add(String.valueOf(req.getHeader("authorization")));
        String[] p = req.path().split("/"); // "", api, v1, namespaces, ns, configmaps[, name]
        if (p.length == 6 && "configmaps".equals(p[5])) {
            String selector = String.valueOf(req.getParam("fieldSelector"));
            String key = p[4] + "/" + selector.replaceFirst("^metadata\\.name=", "");
            if ("true".equals(req.getParam("watch"))) {
                if (webSocketWatchOnly) {
                    req.response().setStatusCode(500).end();
                    return;
                }
                watchRequests.incrementAndGet();
                HttpServerResponse resp = req.response().setChunked(true).putHeader("content-type", "application/json");
                resp.writeHead();
                Watch w = new Watch(key, line -> resp.write(line + "\n"), resp::reset);
                watches.add(w);
                resp.closeHandler(v -> watches.remove(w));
                return;
            }
            JsonArray items = new JsonArray();
            JsonObject cm = configMaps.get(key);
            if (cm != null) {
                items.add(cm);
            }
            req.response().putHeader("content-type", "application/json").end(new JsonObject()
                    .put("kind", "ConfigMapList").put("apiVersion", "v1")
                    .put("metadata", new JsonObject().put("resourceVersion", String.valueOf(resourceVersion.get())))
                    .put("items", items).encode());
            return;
        }
        JsonObject cm = p.length == 7 && "configmaps".equals(p[5]) ? configMaps.get(p[4] + "/" + p[6]) : null;
        if (cm == null) {
            req.response().setStatusCode(404).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                            .put("reason", "NotFound").put("code", 404).encode());
        } else {
            req.response().putHeader("content-type", "application/json").end(cm.encode());
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public void put(String namespace, String name, String routingJson) {
        String key = namespace + "/" + name;
        JsonObject cm = new JsonObject().put("apiVersion", "v1").put("kind", "ConfigMap")
                .put("metadata", new JsonObject().put("name", name).put("namespace", namespace)
                        .put("resourceVersion", String.valueOf(resourceVersion.incrementAndGet())))
                .put("data", new JsonObject().put("routing.json", routingJson));
        boolean existed = configMaps.put(key, cm) != null;
        String event = new JsonObject().put("type", existed ? "MODIFIED" : "ADDED").put("object", cm).encode();
        for (Watch w : watches) {
            if (w.key().equals(key)) {
                w.send().accept(event);
            }
        }
    }

    /** Number of watch connections open now. */
    public int openWatches() {
        return watches.size();
    }

    /** Closes every open watch connection. */
    public void dropWatches() {
        for (Watch w : watches) {
            watches.remove(w);
            w.drop().run();
        }
    }

    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get();
    }
}
