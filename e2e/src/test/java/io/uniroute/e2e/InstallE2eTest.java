package io.uniroute.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.uniroute.k8stest.KubeApi;
import io.uniroute.k8stest.RealApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A new user's first steps: the CRDs installed as the chart does, then every file of examples/ and the demo applied. */
@ExtendWith({RealApiServer.class, E2eReport.class})
class InstallE2eTest {

    @Test
    void crdsInstallAsTheChartDoesAndBecomeEstablished(KubeApi api) throws IOException {
        var crds = Crds.install(api.client());
        assertThat(crds).extracting(c -> c.getMetadata().getName())
                .containsExactly("llmbackends.uniroute.io", "promptsets.uniroute.io", "routingpolicies.uniroute.io");
        for (var crd : crds) {
            assertThat(Crds.established(api.client(), crd.getMetadata().getName())).isTrue();
            // the chart's copy is the generated crds/ (ChartCrdsTest checks the bytes; here: what the server got)
            assertThat(Files.readString(Crds.CHART_CRDS.resolve(crd.getMetadata().getName() + "-v1.yml")))
                    .isEqualTo(Files.readString(Path.of("..", "crds", crd.getMetadata().getName() + "-v1.yml")));
        }
    }

    @Test
    void everyExampleAndDemoResourceIsAccepted(KubeApi api) throws IOException {
        Crds.install(api.client());
        String ns = api.newNamespace("examples");
        KubernetesClient client = api.client();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(Path.of("..", "examples"))) {
            all.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(9);
        int applied = 0;
        for (Path file : files) {
            // as `kubectl apply --server-side -f FILE -n NS` (and Argo CD) would
            for (HasMetadata item : client.load(Files.newInputStream(file)).items()) {
                item.getMetadata().setNamespace(ns);
                HasMetadata back = client.resource(item).inNamespace(ns).fieldManager("e2e-kubectl").forceConflicts().serverSideApply();
                assertThat(back.getMetadata().getUid()).as(file + ": " + item.getMetadata().getName()).isNotBlank();
                applied++;
            }
        }
        assertThat(applied).isGreaterThanOrEqualTo(15);
        assertThat(client.genericKubernetesResources("uniroute.io/v1alpha1", "LLMBackend").inNamespace(ns).list().getItems())
                .extracting(GenericKubernetesResource::getMetadata).extracting(m -> m.getName())
                .contains("small", "large", "gemma-2-9b-it");
    }
}
