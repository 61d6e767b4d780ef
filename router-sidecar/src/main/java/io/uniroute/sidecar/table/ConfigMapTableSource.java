package io.uniroute.sidecar.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ConfigMap {@code <policy>-routing} the operator publishes, watched through the Kubernetes API
 * with the JDK HTTP client (no Kubernetes client library: the sidecar needs one list and one watch).
 * A daemon thread lists the ConfigMap by name, then streams
 * {@code ?watch=true&fieldSelector=metadata.name=NAME&resourceVersion=RV} line by line; each event
 * updates the state {@link #fetch()} returns and tells the watcher, so an update reaches traffic at
 * once. On a closed stream, 410 Gone or an error it re-lists and re-watches with back-off; while
 * the watch is down, {@link #fetch()} falls back to a GET at the watcher's poll interval.
 * In a pod it uses the service account's token and CA; the token is re-read on each call because
 * projected tokens rotate.
 */
public final class ConfigMapTableSource implements WatchedSource {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigMapTableSource.class);
    private static final long MAX_BACKOFF_MS = 5_000;

    /** What the watch last saw: the JSON, absent (no ConfigMap), or a problem with the ConfigMap. */
    private record Seen(Optional<String> text, String problem) {
    }

    public static final String DATA_KEY = "routing.json";

    private final String namespace;
    private final String name;
    private final URI uri;
    private final URI listUri;
    private final String watchBase;
    private volatile Seen seen; // null while the watch is not connected
    private volatile boolean closed;
    private volatile Stream<String> openStream;
    private volatile WebSocket openSocket;
    private volatile boolean webSocket; // set once the API refused a streamed HTTP watch
    private Thread watchThread;
    private String lastProblem; // confined to the watch thread
    private final Path tokenFile;
    private final HttpClient client;
    private final ObjectMapper mapper = new ObjectMapper();

    public ConfigMapTableSource(String namespacedName, String apiBaseUrl, Path tokenFile, Path caFile) {
        String[] parts = namespacedName.split("/", 2);
        this.namespace = parts[0];
        this.name = parts[1];
        String base = apiBaseUrl.endsWith("/") ? apiBaseUrl.substring(0, apiBaseUrl.length() - 1) : apiBaseUrl;
        this.uri = URI.create(base + "/api/v1/namespaces/" + namespace + "/configmaps/" + name);
        String collection = base + "/api/v1/namespaces/" + namespace + "/configmaps?fieldSelector="
                + URLEncoder.encode("metadata.name=" + name, StandardCharsets.UTF_8);
        this.listUri = URI.create(collection);
        this.watchBase = collection + "&watch=true&allowWatchBookmarks=true";
        this.tokenFile = tokenFile;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (base.startsWith("https://") && Files.isRegularFile(caFile)) {
            b.sslContext(trusting(caFile));
        }
        this.client = b.build();
    }

    /** The in-cluster API address from the service environment variables. */
    public static String inClusterUrl(java.util.Map<String, String> env) {
        String host = env.get("KUBERNETES_SERVICE_HOST");
        String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        if (host == null) {
            throw new IllegalStateException("not in a pod (KUBERNETES_SERVICE_HOST unset): give --kube-api-url");
        }
        return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String id() {
        return "configmap:" + namespace + "/" + name;
    }

    @Override
    public Optional<String> fetch() throws IOException, InterruptedException {
        Seen s = seen;
        if (s != null) { // the watch is live: no API call
            if (s.problem() != null) {
                throw new IOException(s.problem());
            }
            return s.text();
        }
        HttpResponse<String> resp = client.send(request(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() == 404) {
            return Optional.empty();
        }
        if (resp.statusCode() != 200) {
            throw new IOException("GET " + uri.getPath() + " answered " + resp.statusCode());
        }
        Seen got = fromConfigMap(mapper.readTree(resp.body()));
        if (got.problem() != null) {
            throw new IOException(got.problem());
        }
        return got.text();
    }

    @Override
    public synchronized void startWatch(Runnable onChange) {
        if (watchThread != null || closed) {
            return;
        }
        watchThread = new Thread(() -> watchLoop(onChange), "uniroute-configmap-watch-" + namespace + "-" + name);
        watchThread.setDaemon(true);
        watchThread.start();
    }

    @Override
    public synchronized void close() {
        closed = true;
        Stream<String> s = openStream;
        if (s != null) {
            s.close();
        }
        WebSocket ws = openSocket;
        if (ws != null) {
            ws.abort();
        }
        if (watchThread != null) {
            watchThread.interrupt();
        }
    }

    /** List, then watch from the list's version; on any end, again after a back-off. */
    private void watchLoop(Runnable onChange) {
        long backoff = 100;
        while (!closed) {
            try {
                String rv = list(onChange);
                boolean eventsSeen = watch(rv, onChange);
                if (eventsSeen) {
                    backoff = 100;
                    lastProblem = null;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
                if (!closed && !msg.equals(lastProblem)) { // once per distinct problem, not every back-off
                    LOG.warn("watch of ConfigMap {}/{} failed ({}); re-listing with back-off, polling meanwhile",
                            namespace, name, msg);
                }
                lastProblem = msg;
            }
            seen = null; // fetch() polls again until the next list succeeds
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    /** Lists the ConfigMap by name, publishes what it holds, returns the list's resourceVersion. */
    private String list(Runnable onChange) throws IOException, InterruptedException {
        HttpResponse<String> resp = client.send(request(listUri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IOException("list of configmaps in " + namespace + " answered " + resp.statusCode());
        }
        JsonNode list = mapper.readTree(resp.body());
        Seen now = new Seen(Optional.empty(), null);
        for (JsonNode item : list.path("items")) {
            if (name.equals(item.path("metadata").path("name").asText())) {
                now = fromConfigMap(item);
            }
        }
        publish(now, onChange);
        return list.path("metadata").path("resourceVersion").asText("");
    }

    /**
     * Streams watch events from {@code rv} until the stream ends, 410 Gone or an ERROR event.
     * Returns whether any event arrived (a healthy watch resets the back-off).
     */
    private boolean watch(String rv, Runnable onChange) throws Exception {
        String u = watchBase + (rv.isEmpty() ? "" : "&resourceVersion=" + URLEncoder.encode(rv, StandardCharsets.UTF_8));
        if (webSocket) {
            return watchOverWebSocket(u, onChange);
        }
        HttpResponse<Stream<String>> resp = client.send(request(URI.create(u)).build(), HttpResponse.BodyHandlers.ofLines());
        boolean any = false;
        try (Stream<String> lines = resp.body()) {
            if (resp.statusCode() == 400 || resp.statusCode() >= 500) {
                // some API front ends (the fabric8 mock server among them) serve watches only as a
                // WebSocket upgrade, as kubectl and client libraries can use; the API server does both
                webSocket = true;
                LOG.info("the API answered {} to a streamed watch of ConfigMap {}/{}; watching over a WebSocket",
                        resp.statusCode(), namespace, name);
            }
            if (resp.statusCode() != 200) {
                throw new IOException("watch of configmaps in " + namespace + " answered " + resp.statusCode());
            }
            openStream = lines;
            if (closed) {
                return false;
            }
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (!line.isBlank()) {
                    onEvent(line, onChange);
                    any = true;
                }
            }
        } finally {
            openStream = null;
        }
        return any;
    }

    /** One watch event (a JSON line or a WebSocket text message). */
    private void onEvent(String text, Runnable onChange) throws IOException {
        JsonNode event = mapper.readTree(text);
        JsonNode object = event.path("object");
        switch (event.path("type").asText()) {
            case "ADDED", "MODIFIED" -> publish(fromConfigMap(object), onChange);
            case "DELETED" -> publish(new Seen(Optional.empty(), null), onChange);
            case "ERROR" -> // 410 Gone: our version is too old; re-list
                throw new IOException("watch ended by the API: " + object.path("code").asText()
                        + " " + object.path("reason").asText());
            default -> { } // BOOKMARK
        }
    }

    /** The same watch over a WebSocket: one event per text message, until closed or failed. */
    private boolean watchOverWebSocket(String httpUrl, Runnable onChange) throws Exception {
        URI u = URI.create(httpUrl.replaceFirst("^http", "ws"));
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicBoolean any = new AtomicBoolean();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                message.append(data);
                if (last) {
                    String text = message.toString();
                    message.setLength(0);
                    try {
                        onEvent(text, onChange);
                        any.set(true);
                    } catch (IOException e) {
                        done.completeExceptionally(e);
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                done.complete(null);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                done.completeExceptionally(error);
            }
        };
        WebSocket.Builder b = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (Files.isRegularFile(tokenFile)) {
            b.header("Authorization", "Bearer " + Files.readString(tokenFile, StandardCharsets.UTF_8).strip());
        }
        WebSocket ws = b.buildAsync(u, listener).get(15, TimeUnit.SECONDS);
        openSocket = ws;
        try {
            if (closed) {
                return false;
            }
            done.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } finally {
            openSocket = null;
            ws.abort();
        }
        return any.get();
    }

    private void publish(Seen now, Runnable onChange) {
        seen = now;
        onChange.run();
    }

    private Seen fromConfigMap(JsonNode configMap) {
        JsonNode data = configMap.path("data").path(DATA_KEY);
        if (!data.isTextual()) {
            return new Seen(Optional.empty(), "ConfigMap " + namespace + "/" + name + " has no data key " + DATA_KEY);
        }
        return new Seen(Optional.of(data.asText()), null);
    }

    private HttpRequest.Builder request(URI target) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(target).header("Accept", "application/json").GET();
        if (Files.isRegularFile(tokenFile)) {
            req.header("Authorization", "Bearer " + Files.readString(tokenFile, StandardCharsets.UTF_8).strip());
        }
        return req;
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the Kubernetes CA " + caFile + ": " + e.getMessage(), e);
        }
    }
}
