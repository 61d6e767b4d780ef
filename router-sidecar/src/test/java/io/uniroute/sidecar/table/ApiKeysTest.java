package io.uniroute.sidecar.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.core.table.RoutingTable.ApiKeyRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backend keys named by a table: read under the key directory only. A table comes from a ConfigMap;
 * in gateway mode the pod also holds every client's key (and always its service account token), so
 * a table naming a file elsewhere must not make us send that file to its backend as a Bearer key.
 */
class ApiKeysTest {

    @TempDir
    Path dir;

    @Test
    void aKeyFileUnderTheDirectoryIsReadByRelativeOrAbsolutePath() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys/openai"));
        Files.writeString(keys.resolve("api-key"), "sk-backend\n");
        ApiKeys apiKeys = new ApiKeys(dir.resolve("keys"), Map.of());

        assertThat(apiKeys.resolve(new ApiKeyRef("openai", "api-key", null, "openai/api-key"))).contains("sk-backend");
        assertThat(apiKeys.resolve(new ApiKeyRef("openai", "api-key", null, keys.resolve("api-key").toString())))
                .as("the operator writes absolute paths under the key directory").contains("sk-backend");
    }

    @Test
    void aFileOutsideTheKeyDirectoryIsNeverSentAsABackendKey() throws Exception {
        Files.createDirectories(dir.resolve("keys"));
        Path clientKeys = Files.createDirectories(dir.resolve("client-keys"));
        Files.writeString(clientKeys.resolve("team-a"), "sk-client-team-a");
        ApiKeys apiKeys = new ApiKeys(dir.resolve("keys"), Map.of("UNIROUTE_API_KEY_X", "sk-from-env"));

        assertThat(apiKeys.resolve(new ApiKeyRef("x", "k", null, "../client-keys/team-a"))).isEmpty();
        assertThat(apiKeys.resolve(new ApiKeyRef("x", "k", null, clientKeys.resolve("team-a").toString()))).isEmpty();
        assertThat(apiKeys.resolve(new ApiKeyRef("x", "k", null, dir.resolve("keys/x/../../client-keys/team-a").toString())))
                .isEmpty();
        // the environment variable named beside it is still the fallback
        assertThat(apiKeys.resolve(new ApiKeyRef("x", "k", "UNIROUTE_API_KEY_X", "../client-keys/team-a")))
                .contains("sk-from-env");
    }
}
