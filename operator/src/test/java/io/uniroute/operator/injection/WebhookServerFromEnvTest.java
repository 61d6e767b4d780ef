package io.uniroute.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.uniroute.k8stest.KubeApi;
import io.uniroute.k8stest.RealApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The one call the operator's main makes: {@link WebhookServer#startFromEnv}, with the chart's variables. */
@ExtendWith(RealApiServer.class)
class WebhookServerFromEnvTest {

    static KubernetesClient client;

    @BeforeAll
    static void onTheRealApiServer(KubeApi api) {
        client = api.client();
    }

    @Test
    void offUnlessEnabled() throws Exception {
        assertThat(WebhookServer.startFromEnv(client, Map.of())).isEmpty();
        assertThat(WebhookServer.startFromEnv(client, Map.of("UNIROUTE_WEBHOOK_ENABLED", "false"))).isEmpty();
    }

    @Test
    void startsOnTheConfiguredTlsFilesAndAnswersHealthOverHttps(@TempDir Path tls) throws Exception {
        X509Certificate cert = TestCertificates.write(tls, "localhost");
        Optional<WebhookServer> started = WebhookServer.startFromEnv(client, Map.of(
                "UNIROUTE_WEBHOOK_ENABLED", "true",
                "UNIROUTE_WEBHOOK_PORT", "0",
                "UNIROUTE_WEBHOOK_TLS_DIR", tls.toString(),
                "UNIROUTE_SIDECAR_IMAGE", "registry.local/sidecar:1"));
        assertThat(started).isPresent();
        try (WebhookServer server = started.get()) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("webhook", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port() + "/healthz")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void missingTlsFilesFailAtStartNamingTheFile(@TempDir Path empty) {
        assertThatThrownBy(() -> WebhookServer.startFromEnv(client, Map.of(
                "UNIROUTE_WEBHOOK_ENABLED", "true", "UNIROUTE_WEBHOOK_PORT", "0",
                "UNIROUTE_WEBHOOK_TLS_DIR", empty.toString())))
                .hasMessageContaining("tls.crt");
    }
}
