package io.uniroute.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Our CRDs, installed the way {@code helm install} does: created from the chart's crds/ folder, then Established. */
final class Crds {

    static final Path CHART_CRDS = Path.of("..", "helm", "uniroute", "crds");

    private Crds() {
    }

    static List<CustomResourceDefinition> fromChart(KubernetesClient client) {
        try (Stream<Path> files = Files.list(CHART_CRDS)) {
            return files.filter(p -> p.toString().endsWith(".yml")).sorted().map(p -> {
                try (InputStream in = Files.newInputStream(p)) {
                    return client.apiextensions().v1().customResourceDefinitions().load(in).item();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the CRDs that are not there yet (helm creates, never updates, crds/) and waits until all are Established. */
    static List<CustomResourceDefinition> install(KubernetesClient client) {
        List<CustomResourceDefinition> crds = fromChart(client);
        var api = client.apiextensions().v1().customResourceDefinitions();
        for (CustomResourceDefinition crd : crds) {
            if (api.withName(crd.getMetadata().getName()).get() == null) {
                api.resource(crd).create();
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> crds.stream().allMatch(c -> established(client, c.getMetadata().getName())));
        return crds;
    }

    static boolean established(KubernetesClient client, String name) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
