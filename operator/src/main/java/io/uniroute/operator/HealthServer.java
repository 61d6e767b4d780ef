package io.uniroute.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * /metrics (Prometheus text) on one port, /healthz (the process answers) and /readyz (informers
 * synced) on another, or all three on one port when both are the same; JDK HttpServer.
 */
public final class HealthServer implements AutoCloseable {

    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "uniroute-http");
        t.setDaemon(true);
        return t;
    });

    public HealthServer(InetSocketAddress metrics, InetSocketAddress health, PrometheusMeterRegistry registry, BooleanSupplier ready)
            throws IOException {
        this(metrics, health, registry, ready, metrics.getPort() != 0 && metrics.equals(health));
    }

    /** Everything on one address (tests, and a single-port deployment). */
    public HealthServer(InetSocketAddress address, PrometheusMeterRegistry registry, BooleanSupplier ready) throws IOException {
        this(address, address, registry, ready, true);
    }

    private HealthServer(InetSocketAddress metrics, InetSocketAddress health, PrometheusMeterRegistry registry, BooleanSupplier ready,
            boolean onePort) throws IOException {
        HttpServer m = HttpServer.create(metrics, 0);
        HttpServer h = onePort ? m : HttpServer.create(health, 0);
        m.createContext("/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        h.createContext("/healthz", ex -> reply(ex, 200, "text/plain", "ok\n"));
        h.createContext("/readyz", ex -> {
            boolean ok = ready.getAsBoolean();
            reply(ex, ok ? 200 : 503, "text/plain", ok ? "ready\n" : "not ready: informers not synced or not started\n");
        });
        servers.add(m);
        if (h != m) {
            servers.add(h);
        }
        for (HttpServer s : servers) {
            s.setExecutor(executor);
            s.start();
        }
    }

    /** The port of /metrics. */
    public int port() {
        return servers.get(0).getAddress().getPort();
    }

    /** The port of /healthz and /readyz. */
    public int healthPort() {
        return servers.get(servers.size() - 1).getAddress().getPort();
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        executor.shutdownNow();
    }
}
