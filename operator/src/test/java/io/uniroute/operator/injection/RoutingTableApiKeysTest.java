package io.uniroute.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.uniroute.k8stest.KubeApi;
import io.uniroute.k8stest.RealApiServer;
import io.uniroute.core.table.RoutingTable.ApiKeyRef;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealApiServer.class)
class RoutingTableApiKeysTest {

    static KubernetesClient client;

    @BeforeAll
    static void onTheRealApiServer(KubeApi api) {
        client = api.client();
        namespace("apikeys-a");
        namespace("apikeys-c");
    }

    private static void namespace(String name) {
        if (client.namespaces().withName(name).get() == null) {
            client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(name)
                    .endMetadata().build()).create();
        }
    }

    @Test
    void readsTheKeyReferencesOfThePublishedTable() {
        client.configMaps().inNamespace("apikeys-a").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("support-routing").endMetadata()
                .addToData("routing.json", RoutingTables.withKeys("support", "apikeys-a")).build()).create();
        RoutingTableApiKeys lookup = new RoutingTableApiKeys(client);

        assertThat(lookup.apiKeys("apikeys-a", "support")).hasValueSatisfying(keys -> assertThat(keys).containsExactly(
                new ApiKeyRef("openai-key", "api-key", "UNIROUTE_API_KEY_GPT_SMALL",
                        "/etc/uniroute/keys/openai-key/api-key"),
                new ApiKeyRef("anthropic-key", "token", "ANTHROPIC_API_KEY", null)));
        assertThat(lookup.apiKeys("apikeys-a", "other")).isEmpty();
        assertThat(lookup.apiKeys("apikeys-b", "support")).isEmpty();
    }

    @Test
    void aTableThatIsNotJsonIsAClearError() {
        client.configMaps().inNamespace("apikeys-c").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("broken-routing").endMetadata()
                .addToData("routing.json", "{not json").build()).create();
        assertThatThrownBy(() -> new RoutingTableApiKeys(client).apiKeys("apikeys-c", "broken"))
                .hasMessageContaining("apikeys-c/broken-routing").hasMessageContaining("not JSON");
    }
}
