package io.uniroute.k8stest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealApiServer.class)
class RealApiServerTest {

    @Test
    void serves_the_core_api_and_names_its_version(KubeApi api) throws Exception {
        String ns = api.newNamespace("infra");
        api.client().configMaps().inNamespace(ns)
                .resource(new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata().addToData("k", "v").build())
                .serverSideApply();
        assertThat(api.client().configMaps().inNamespace(ns).withName("x").get().getData()).containsEntry("k", "v");
        api.client().leases().inNamespace(ns)
                .resource(new LeaseBuilder().withNewMetadata().withName("l").endMetadata().withNewSpec().withHolderIdentity("a").endSpec().build())
                .create();
        assertThat(api.coreVersion()).matches("v\\d+\\.\\d+\\.\\d+.*");
        assertThat(Files.readString(Path.of("target", "kube-api-server.txt"))).contains(api.coreVersion());
    }

    @Test
    void one_server_per_jvm(KubeApi first, KubeApi second) {
        assertThat(first).isSameAs(second);
    }

    @Test
    void fails_on_ci_skips_elsewhere() {
        assertThat(RealApiServer.onCi(java.util.Map.of("CI", "true"))).isTrue();
        assertThat(RealApiServer.onCi(java.util.Map.of())).isFalse();
    }
}
