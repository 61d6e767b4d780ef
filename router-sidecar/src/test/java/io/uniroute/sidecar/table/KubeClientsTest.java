package io.uniroute.sidecar.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.uniroute.k8stest.KubeApi;
import io.uniroute.k8stest.RealApiServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar's client with {@code --kube-api-url}, a token file and a CA file, on a real API server
 * with token authentication (the hybrid): a rotated token is used on the next request, no restart.
 */
@ExtendWith(RealApiServer.class)
class KubeClientsTest {

    @TempDir
    Path dir;

    @Test
    void aRotatedTokenFileIsUsedOnTheNextRequest(KubeApi api) throws Exception {
        String token = api.config().getAutoOAuthToken() != null ? api.config().getAutoOAuthToken() : api.config().getOauthToken();
        if (api.kind() != KubeApi.Kind.HYBRID || token == null) {
            String why = "needs an API server with token authentication (the hybrid); this one is " + api.describe();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
        String url = api.config().getMasterUrl();
        Path ca = Files.writeString(dir.resolve("ca.crt"), servedCa(URI.create(url)));
        Path tokenFile = Files.writeString(dir.resolve("token"), "an-expired-token\n");
        try (KubernetesClient client = KubeClients.create(Optional.of(url), tokenFile, ca, Map.of())) {
            assertThatThrownBy(() -> client.configMaps().inNamespace("default").list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
            Files.writeString(tokenFile, token + "\n"); // the kubelet rotates the projected token in place
            assertThat(client.configMaps().inNamespace("default").list().getItems()).isNotNull();
        }
    }

    /** The CA at the end of the chain the server presents (its self-signed serving CA), as PEM. */
    private static String servedCa(URI url) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket(url.getHost(), url.getPort())) {
            socket.startHandshake();
            Certificate[] chain = socket.getSession().getPeerCertificates();
            StringBuilder pem = new StringBuilder();
            for (Certificate c : chain) {
                pem.append("-----BEGIN CERTIFICATE-----\n")
                        .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            }
            return pem.toString();
        }
    }
}
