package io.uniroute.sidecar;

import io.uniroute.sidecar.auth.ClientAuth;
import io.uniroute.sidecar.proxy.CompletionsHandler;
import io.uniroute.sidecar.proxy.ModelsHandler;
import io.uniroute.sidecar.proxy.OpenAiError;
import io.uniroute.sidecar.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's HTTP server and backend client. Several instances share the port; everything
 * they share ({@link SidecarServices}) is thread-safe. Routes are declared here, the work is in
 * the handlers.
 */
public final class SidecarVerticle extends VerticleBase {

    private final SidecarServices services;
    private HttpServer server;

    public SidecarVerticle(SidecarServices services) {
        this.services = services;
    }

    @Override
    public Future<?> start() {
        SidecarConfig config = services.config();
        var client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                        .setConnectTimeout((int) config.connectTimeout().toMillis()),
                new PoolOptions().setHttp1MaxSize(256));
        var upstream = new Upstream(vertx, client, config, services.breakers(), services.coolDowns(), services.metrics());
        var completions = new CompletionsHandler(vertx, services.tables(), services.embeddings(), upstream,
                services.breakers(), services.coolDowns(), services.metrics(), config);
        var models = new ModelsHandler(services.tables());

        Router router = Router.router(vertx);
        // Clients authenticate on /v1/* only; health, readiness and metrics stay open to the kubelet and Prometheus.
        services.clientKeys().ifPresent(keys -> router.route("/v1/*").handler(new ClientAuth(keys, services.metrics())));
        // No BodyHandler anywhere: completions read their body themselves (bounded) and pipe answers.
        router.post("/v1/chat/completions").handler(completions::chat);
        router.post("/v1/completions").handler(completions::completions);
        router.get("/v1/models").handler(models::handle);
        router.get("/healthz").handler(ctx -> ctx.json(new JsonObject().put("status", "ok")));
        router.get("/readyz").handler(ctx -> {
            // stopping: not ready, so endpoints and load balancers stop sending, while requests are still served
            boolean stopping = services.stopping().get();
            boolean ready = !stopping && !services.tables().snapshot().isEmpty();
            ctx.response().setStatusCode(ready ? 200 : 503).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("status", ready ? "ready" : stopping ? "stopping"
                            : "no routing table loaded yet").encode());
        });
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(services.metrics().scrape()));
        router.route().last().handler(ctx -> OpenAiError.send(ctx.response(), 404, "invalid_request_error",
                "unknown_url", "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()));

        return vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(services.port()))
                .requestHandler(router)
                .listen()
                .onSuccess(s -> {
                    server = s;
                    services.boundPort().compareAndSet(0, s.actualPort());
                });
    }

    @Override
    public Future<?> stop() {
        // Requests in flight finish (a gateway replica scaled down or rolled is stopped under its
        // clients' feet); new connections are refused from now on. Sidecar.close() first keeps serving for
        // --shutdown-delay-ms with /readyz at 503; the chart's grace period covers that delay + this.
        return server == null ? Future.succeededFuture() : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    /** How long a stop waits for requests in flight before it closes their connections. */
    static final long SHUTDOWN_GRACE_SECONDS = 25;
}
