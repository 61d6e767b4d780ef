package io.uniroute.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.uniroute.k8stest.KubeApi;
import io.uniroute.k8stest.RealApiServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;
import io.uniroute.operator.injection.AdmissionReviewHandler;
import io.uniroute.operator.injection.RoutingTableApiKeys;
import io.uniroute.operator.injection.RoutingTables;
import io.uniroute.operator.injection.SidecarDefaults;
import io.uniroute.operator.injection.SidecarInjector;
import io.uniroute.operator.injection.WebhookConfig;
import io.uniroute.operator.injection.WebhookServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole webhook path as the API server drives it: the chart's generated CA and certificate, the
 * operator's sidecar defaults from the chart's Deployment env, the WebhookServer on loopback HTTPS,
 * a client that trusts only the chart's caBundle and checks the Service's DNS name (as the API
 * server does), and the routing table read from a real API server (k8s-test).
 */
@ExtendWith(RealApiServer.class)
class WebhookTlsRoundTripTest {

    static KubernetesClient client;

    @BeforeAll
    static void onTheRealApiServer(KubeApi api) {
        client = api.client();
        namespace("team-a");
    }

    private static void namespace(String name) {
        if (client.namespaces().withName(name).get() == null) {
            client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(name)
                    .endMetadata().build()).create();
        }
    }

    private WebhookServer server;
    private SSLContext trustingChartCa;
    private String serviceDns;

    private static Chart.Rendered chart;

    @BeforeAll
    static void render() {
        chart = Chart.render(Map.of());
    }

    @BeforeEach
    void start(@TempDir Path tlsDir) throws Exception {
        Secret tls = chart.one(Secret.class);
        Files.write(tlsDir.resolve("tls.crt"), Base64.getDecoder().decode(tls.getData().get("tls.crt")));
        Files.write(tlsDir.resolve("tls.key"), Base64.getDecoder().decode(tls.getData().get("tls.key")));

        var hook = chart.one(MutatingWebhookConfiguration.class).getWebhooks().get(0);
        serviceDns = hook.getClientConfig().getService().getName() + "." + Chart.NAMESPACE + ".svc";
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(hook.getClientConfig().getCaBundle())));
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("chart-ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        trustingChartCa = SSLContext.getInstance("TLS");
        trustingChartCa.init(null, tmf.getTrustManagers(), null);

        Map<String, String> operatorEnv = chart.one(Deployment.class).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        AdmissionReviewHandler handler = new AdmissionReviewHandler(
                new SidecarInjector(SidecarDefaults.fromEnv(operatorEnv)), new RoutingTableApiKeys(client));
        server = WebhookServer.start(new WebhookConfig(true, "127.0.0.1", 0, tlsDir), handler);

        if (client.configMaps().inNamespace("team-a").withName("support-routing").get() == null) {
            client.configMaps().inNamespace("team-a").resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("support-routing").endMetadata()
                    .addToData("routing.json", RoutingTables.withKeys("support", "team-a")).build()).create();
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Reply(int status, String body) {
    }

    private Reply call(String method, String body) throws IOException {
        HttpsURLConnection c = (HttpsURLConnection) new URL("https://127.0.0.1:" + server.port()
                + WebhookServer.PATH).openConnection();
        c.setSSLSocketFactory(trustingChartCa.getSocketFactory());
        // The API server dials <service>.<namespace>.svc: the certificate must carry that name.
        c.setHostnameVerifier((host, session) -> {
            try {
                X509Certificate peer = (X509Certificate) session.getPeerCertificates()[0];
                return peer.getSubjectAlternativeNames().stream().anyMatch(n -> serviceDns.equals(n.get(1)));
            } catch (Exception e) {
                return false;
            }
        });
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        c.setRequestMethod(method);
        if (body != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = c.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new Reply(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static String review(String uid, Pod pod) {
        return Serialization.asJson(new AdmissionReviewBuilder().withApiVersion("admission.k8s.io/v1")
                .withKind("AdmissionReview").withNewRequest().withUid(uid)
                .withKind(new GroupVersionKind("", "Pod", "v1"))
                .withResource(new io.fabric8.kubernetes.api.model.GroupVersionResource("", "pods", "v1"))
                .withOperation("CREATE").withNamespace("team-a").withObject(pod).endRequest().build());
    }

    private static Pod pod() {
        return new PodBuilder().withNewMetadata().withGenerateName("chat-")
                .addToLabels(SidecarInjector.INJECT_LABEL, "true")
                .addToAnnotations(SidecarInjector.POLICY_ANNOTATION, "support").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("example/chat:1").endContainer().endSpec()
                .build();
    }

    @Test
    void admissionReviewRoundTripOverHttpsPatchesThePodOnce() throws Exception {
        Reply reply = call("POST", review("uid-1", pod()));
        assertThat(reply.status()).isEqualTo(200);
        AdmissionReview answer = Serialization.unmarshal(reply.body(), AdmissionReview.class);
        assertThat(answer.getResponse().getUid()).isEqualTo("uid-1");
        assertThat(answer.getResponse().getAllowed()).isTrue();
        assertThat(answer.getResponse().getPatchType()).isEqualTo("JSONPatch");

        ObjectMapper json = new ObjectMapper();
        String patch = new String(Base64.getDecoder().decode(answer.getResponse().getPatch()), StandardCharsets.UTF_8);
        Pod patched = Serialization.unmarshal(json.writeValueAsString(
                JsonPatch.apply(json.readTree(patch), json.readTree(Serialization.asJson(pod())))), Pod.class);
        Container sidecar = patched.getSpec().getContainers().get(1);
        assertThat(sidecar.getName()).isEqualTo(SidecarInjector.CONTAINER_NAME);
        assertThat(sidecar.getImage()).isEqualTo("ghcr.io/uniroute/router-sidecar:0.1.0"); // the chart's default
        // The keys come from the published table: one file, one env var; never a key value.
        assertThat(patched.getSpec().getVolumes()).anySatisfy(v -> assertThat(v.getName()).isEqualTo("uniroute-api-keys"));
        assertThat(sidecar.getEnv()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("ANTHROPIC_API_KEY"));
        assertThat(patch).doesNotContain("sk-");

        Reply again = call("POST", review("uid-2", patched));
        AdmissionReview second = Serialization.unmarshal(again.body(), AdmissionReview.class);
        assertThat(second.getResponse().getAllowed()).isTrue();
        assertThat(second.getResponse().getPatch()).isNull();
    }

    @Test
    void refusalsAndBadRequestsGetClearAnswers() throws Exception {
        Pod noPolicy = new PodBuilder(pod()).editMetadata().withAnnotations(Map.of()).endMetadata().build();
        AdmissionReview refused = Serialization.unmarshal(call("POST", review("uid-3", noPolicy)).body(),
                AdmissionReview.class);
        assertThat(refused.getResponse().getAllowed()).isFalse();
        assertThat(refused.getResponse().getStatus().getMessage()).contains("uniroute.io/policy");

        Pod unpublished = new PodBuilder(pod()).editMetadata()
                .addToAnnotations(SidecarInjector.POLICY_ANNOTATION, "new-policy").endMetadata().build();
        AdmissionReview warned = Serialization.unmarshal(call("POST", review("uid-4", unpublished)).body(),
                AdmissionReview.class);
        assertThat(warned.getResponse().getAllowed()).isTrue();
        assertThat(warned.getResponse().getPatch()).isNotNull();
        assertThat(warned.getResponse().getWarnings()).singleElement().asString().contains("new-policy-routing");

        assertThat(call("POST", "{not json").status()).isEqualTo(400);
        assertThat(call("POST", "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}").status())
                .isEqualTo(400);
        assertThat(call("GET", null).status()).isEqualTo(405);
        assertThat(call("POST", "x".repeat(5 << 20)).status()).isEqualTo(413);
    }
}
