package io.uniroute.sidecar.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the Kubernetes API serving ConfigMap GETs only. Named Fake because the project's
 * fabric8 mock server runs on Vert.x 4 and cannot share this module's classpath with Vert.x 5
 * (STYLE.md); the sidecar needs nothing but {@code GET /api/v1/namespaces/{ns}/configmaps/{name}},
 * answered here in the API's JSON shape (404 with a Status when absent).
 */
public final class FakeKubernetesApi {

    private final Map<String, JsonObject> configMaps = new ConcurrentHashMap<>();
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer server;

    public static FakeKubernetesApi start(Vertx vertx) throws Exception {
        FakeKubernetesApi api = new FakeKubernetesApi();
        api.server = vertx.createHttpServer().requestHandler(req -> {
            api.authorizations.add(String.valueOf(req.getHeader("authorization")));
            String[] p = req.path().split("/"); // "", api, v1, namespaces, ns, configmaps, name
            JsonObject cm = p.length == 7 && "configmaps".equals(p[5]) ? api.configMaps.get(p[4] + "/" + p[6]) : null;
            if (cm == null) {
                req.response().setStatusCode(404).putHeader("content-type", "application/json")
                        .end(new JsonObject().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                                .put("reason", "NotFound").put("code", 404).encode());
            } else {
                req.response().putHeader("content-type", "application/json").end(cm.encode());
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        return api;
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public void put(String namespace, String name, String routingJson) {
        configMaps.put(namespace + "/" + name, new JsonObject().put("apiVersion", "v1").put("kind", "ConfigMap")
                .put("metadata", new JsonObject().put("name", name).put("namespace", namespace))
                .put("data", new JsonObject().put("routing.json", routingJson)));
    }

    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get();
    }
}
