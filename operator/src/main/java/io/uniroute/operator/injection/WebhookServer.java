package io.uniroute.operator.injection;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutating admission webhook's HTTPS endpoint, on the JDK's own server: {@code POST /mutate-pods}
 * takes an AdmissionReview and answers with {@link AdmissionReviewHandler}'s reply;
 * {@code GET /healthz} says it is up. Bodies over 4 MiB get 413, bad JSON 400, other methods 405.
 *
 * <p>Wiring in the operator's main (the chart sets the variables):
 * <pre>{@code
 * Optional<WebhookServer> webhook = WebhookServer.startFromEnv(client, System.getenv());
 * // ... and webhook.ifPresent(WebhookServer::close) on shutdown
 * }</pre>
 */
public final class WebhookServer implements AutoCloseable {

    public static final String PATH = "/mutate-pods";
    static final int MAX_BODY_BYTES = 4 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);

    private final HttpsServer server;
    private final ExecutorService executor;

    private WebhookServer(HttpsServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts the webhook when {@code UNIROUTE_WEBHOOK_ENABLED=true}: sidecar defaults from
     * {@code UNIROUTE_SIDECAR_*}, API keys from the published routing tables via {@code client}.
     */
    public static Optional<WebhookServer> startFromEnv(KubernetesClient client, Map<String, String> env)
            throws IOException, GeneralSecurityException {
        WebhookConfig config = WebhookConfig.fromEnv(env);
        if (!config.enabled()) {
            return Optional.empty();
        }
        AdmissionReviewHandler handler = new AdmissionReviewHandler(
                new SidecarInjector(SidecarDefaults.fromEnv(env)), new RoutingTableApiKeys(client));
        return Optional.of(start(config, handler));
    }

    /** Starts serving on {@code config.host():config.port()} (port 0: any free port, see {@link #port()}). */
    public static WebhookServer start(WebhookConfig config, AdmissionReviewHandler handler)
            throws IOException, GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(new KeyManager[] {new ReloadingKeyManager(config.certFile(), config.keyFile(),
                Duration.ofSeconds(10), Clock.systemUTC())}, null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext(PATH, exchange -> mutate(exchange, handler));
        server.createContext("/healthz", exchange -> reply(exchange, 200, "text/plain", "ok"));
        // A small pool: the API server calls with a timeout of a few seconds, and a call is quick.
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "uniroute-webhook");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("sidecar injection webhook listening on https://{}:{}{}", config.host(),
                server.getAddress().getPort(), PATH);
        return new WebhookServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void mutate(HttpExchange exchange, AdmissionReviewHandler handler) throws IOException {
        try {
            if (!"POST".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "text/plain", "use POST with an AdmissionReview");
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                reply(exchange, 413, "text/plain", "AdmissionReview larger than " + MAX_BODY_BYTES + " bytes");
                return;
            }
            AdmissionReview review;
            try {
                review = Serialization.unmarshal(new String(body, StandardCharsets.UTF_8), AdmissionReview.class);
            } catch (RuntimeException e) {
                reply(exchange, 400, "text/plain", "body is not an AdmissionReview: " + e.getMessage());
                return;
            }
            AdmissionReview answer;
            try {
                answer = handler.handle(review);
            } catch (IllegalArgumentException e) {
                reply(exchange, 400, "text/plain", e.getMessage());
                return;
            }
            reply(exchange, 200, "application/json", Serialization.asJson(answer));
        } catch (RuntimeException e) {
            LOG.error("webhook request failed", e);
            reply(exchange, 500, "text/plain", "internal error: " + e.getClass().getSimpleName());
        } finally {
            exchange.close();
        }
    }

    /**
     * The body, or null when it is larger than MAX_BODY_BYTES. An oversized body is drained (up to a
     * bound) so the client, still sending, reads the 413 instead of a reset connection.
     */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length <= MAX_BODY_BYTES) {
            return bytes;
        }
        long drained = 0;
        byte[] sink = new byte[64 * 1024];
        for (int n; drained < 4L * MAX_BODY_BYTES && (n = in.read(sink)) > 0; ) {
            drained += n;
        }
        return null;
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
