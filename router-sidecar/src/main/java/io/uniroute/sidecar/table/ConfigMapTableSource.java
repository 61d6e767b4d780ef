package io.uniroute.sidecar.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The ConfigMap {@code <policy>-routing} the operator publishes, read through the Kubernetes API
 * with the JDK HTTP client (no Kubernetes client library: the sidecar needs one GET). Polled at the
 * watcher's interval, so an update reaches traffic in about a second; a poll is one small GET.
 * In a pod it uses the service account's token and CA; the token is re-read on each call because
 * projected tokens rotate.
 */
public final class ConfigMapTableSource implements TableSource {

    public static final String DATA_KEY = "routing.json";

    private final String namespace;
    private final String name;
    private final URI uri;
    private final Path tokenFile;
    private final HttpClient client;
    private final ObjectMapper mapper = new ObjectMapper();

    public ConfigMapTableSource(String namespacedName, String apiBaseUrl, Path tokenFile, Path caFile) {
        String[] parts = namespacedName.split("/", 2);
        this.namespace = parts[0];
        this.name = parts[1];
        String base = apiBaseUrl.endsWith("/") ? apiBaseUrl.substring(0, apiBaseUrl.length() - 1) : apiBaseUrl;
        this.uri = URI.create(base + "/api/v1/namespaces/" + namespace + "/configmaps/" + name);
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
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header("Accept", "application/json").GET();
        if (Files.isRegularFile(tokenFile)) {
            req.header("Authorization", "Bearer " + Files.readString(tokenFile, StandardCharsets.UTF_8).strip());
        }
        HttpResponse<String> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() == 404) {
            return Optional.empty();
        }
        if (resp.statusCode() != 200) {
            throw new IOException("GET " + uri.getPath() + " answered " + resp.statusCode());
        }
        JsonNode data = mapper.readTree(resp.body()).path("data").path(DATA_KEY);
        if (!data.isTextual()) {
            throw new IOException("ConfigMap " + namespace + "/" + name + " has no data key " + DATA_KEY);
        }
        return Optional.of(data.asText());
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
