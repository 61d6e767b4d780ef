package io.uniroute.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AdmissionReviewHandlerTest {

    private final SidecarInjector injector = new SidecarInjector(SidecarDefaults.defaults());

    private static AdmissionReview review(String kind, String operation, Pod pod) {
        return new AdmissionReviewBuilder().withNewRequest().withUid("u-1")
                .withKind(new GroupVersionKind("", kind, "v1")).withOperation(operation).withNamespace("team-a")
                .withObject(pod).endRequest().build();
    }

    @Test
    void theLookedUpEmbedderIsPassedToTheSidecar() {
        AdmissionReviewHandler handler = new AdmissionReviewHandler(injector, new ApiKeyLookup() {
            @Override
            public Optional<List<io.uniroute.core.table.RoutingTable.ApiKeyRef>> apiKeys(String namespace, String policy) {
                return Optional.of(List.of());
            }

            @Override
            public SidecarEmbedding embedding(String namespace, String policy) {
                return new SidecarEmbedding("all-minilm-l6-v2-q/tail-512", "all");
            }
        });
        AdmissionReview created = handler.handle(review("Pod", "CREATE", PodPatches.injectablePod("support").build()));
        String patch = new String(java.util.Base64.getDecoder().decode(created.getResponse().getPatch()),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(patch).contains("\"UNIROUTE_EMBEDDER\"", "all-minilm-l6-v2-q/tail-512", "\"UNIROUTE_EMBED_TEXT\"");
    }

    @Test
    void onlyPodCreationsArePatched() {
        AdmissionReviewHandler handler = new AdmissionReviewHandler(injector, (ns, p) -> Optional.of(List.of()));
        Pod pod = PodPatches.injectablePod("support").build();
        assertThat(handler.handle(review("Pod", "UPDATE", pod)).getResponse().getPatch()).isNull();
        assertThat(handler.handle(review("Pod", "UPDATE", pod)).getResponse().getAllowed()).isTrue();
        AdmissionReview created = handler.handle(review("Pod", "CREATE", pod));
        assertThat(created.getResponse().getUid()).isEqualTo("u-1");
        assertThat(created.getResponse().getPatchType()).isEqualTo("JSONPatch");
        String patch = new String(Base64.getDecoder().decode(created.getResponse().getPatch()), StandardCharsets.UTF_8);
        assertThat(PodPatches.apply(pod, patch).getSpec().getContainers()).hasSize(2);
        assertThatThrownBy(() -> handler.handle(new AdmissionReview())).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A Kubernetes API that accepts the connection and never answers (a real loopback server): the
     * pod is still admitted with its sidecar, without keys, and a warning says why.
     */
    @Test
    @Timeout(30)
    void aHungApiServerCostsAWarningNotTheAdmission() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer hung = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hung.createContext("/", exchange -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        hung.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        hung.start();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + hung.getAddress().getPort()).withRequestTimeout(20_000)
                .build()).build()) {
            AdmissionReviewHandler handler = new AdmissionReviewHandler(injector, new RoutingTableApiKeys(client),
                    Duration.ofMillis(300));
            AdmissionReview answer = handler.handle(review("Pod", "CREATE", PodPatches.injectablePod("support").build()));
            assertThat(answer.getResponse().getAllowed()).isTrue();
            assertThat(answer.getResponse().getPatch()).isNotNull();
            assertThat(answer.getResponse().getWarnings()).singleElement().asString()
                    .contains("did not answer within 300 ms");
        } finally {
            release.countDown();
            hung.stop(0);
        }
    }
}
