package io.uniroute.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SidecarConfigTest {

    @Test
    void flagsWinOverEnvironmentAndListsSplit() {
        var c = SidecarConfig.parse(new String[] {"--port", "9000", "--table-file", "/a.json,/b.json",
                "--config-map=team/qa-routing", "--embed-text", "all-user"}, Map.of(
                "UNIROUTE_PORT", "7000", "UNIROUTE_MAX_BODY_BYTES", "2048", "UNIROUTE_UPSTREAM_TIMEOUT_MS", "1500"));
        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.tableFiles()).containsExactly(Path.of("/a.json"), Path.of("/b.json"));
        assertThat(c.configMaps()).containsExactly("team/qa-routing");
        assertThat(c.maxBodyBytes()).isEqualTo(2048);
        assertThat(c.upstreamIdleTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.embedText()).isEqualTo("all-user");
        assertThat(c.kubeApiUrl()).isEmpty();
    }

    @Test
    void theEnvironmentAloneConfiguresAPod() {
        // what the operator's injector sets
        var c = SidecarConfig.parse(new String[0], Map.of("UNIROUTE_PORT", "8081",
                "UNIROUTE_TABLE_FILE", "/etc/uniroute/table/routing.json", "UNIROUTE_API_KEY_DIR", "/etc/uniroute/keys",
                "UNIROUTE_CONFIG_MAP", "ns/p-routing"));
        assertThat(c.port()).isEqualTo(8081);
        assertThat(c.tableFiles()).containsExactly(Path.of("/etc/uniroute/table/routing.json"));
        assertThat(c.configMaps()).isEqualTo(List.of("ns/p-routing"));
        assertThat(c.apiKeyDir()).isEqualTo(Path.of("/etc/uniroute/keys"));
    }

    @Test
    void badValuesAreRefusedWithTheFlagNamed() {
        assertThatThrownBy(() -> SidecarConfig.parse(new String[] {"--port", "http"}, Map.of()))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> SidecarConfig.parse(new String[] {"--port"}, Map.of()))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> SidecarConfig.parse(new String[] {"--config-map", "no-namespace"}, Map.of()))
                .hasMessageContaining("namespace/name");
        assertThatThrownBy(() -> SidecarConfig.parse(new String[] {"--embed-text", "first"}, Map.of()))
                .hasMessageContaining("embed-text");
        assertThatThrownBy(() -> SidecarConfig.parse(new String[] {"stray"}, Map.of()))
                .hasMessageContaining("stray");
        assertThatThrownBy(() -> SidecarConfig.parse(new String[] {"--embed-intra-op-threads", "0"}, Map.of()))
                .hasMessageContaining("embed-intra-op-threads");
    }

    @Test
    void anEmbeddingGetsOneThreadUnlessTold() {
        assertThat(SidecarConfig.defaults().embedIntraOpThreads()).isEqualTo(1);
        var c = SidecarConfig.parse(new String[0], Map.of("UNIROUTE_EMBED_INTRA_OP_THREADS", "2"));
        assertThat(c.embedIntraOpThreads()).isEqualTo(2);
        // the with... helpers keep it
        assertThat(c.withResilience(Duration.ofSeconds(1), Duration.ofMillis(5)).embedIntraOpThreads()).isEqualTo(2);
        assertThat(c.withTableFiles(List.of()).embedIntraOpThreads()).isEqualTo(2);
    }

    @Test
    void theShutdownDelayDefaultsByModeAndIsBounded() {
        // a gateway is behind a Service whose endpoints learn of a stop late; a sidecar's client is on localhost
        assertThat(SidecarConfig.parse(new String[] {"--mode", "gateway"}, Map.of()).shutdownDelay())
                .isEqualTo(Duration.ofMillis(SidecarConfig.GATEWAY_SHUTDOWN_DELAY_MS)).isEqualTo(Duration.ofSeconds(5));
        assertThat(SidecarConfig.parse(new String[0], Map.of()).shutdownDelay()).isZero();
        assertThat(SidecarConfig.parse(new String[] {"--mode", "gateway"}, Map.of("UNIROUTE_SHUTDOWN_DELAY_MS", "12000"))
                .shutdownDelay()).isEqualTo(Duration.ofSeconds(12));
        assertThat(SidecarConfig.parse(new String[] {"--shutdown-delay-ms", "2000"}, Map.of()).withLimits(4096,
                Duration.ofSeconds(1), Duration.ofSeconds(1)).shutdownDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> SidecarConfig.parse(new String[] {"--shutdown-delay-ms", "-1"}, Map.of()))
                .hasMessageContaining("shutdown-delay-ms");
    }

    @Test
    void gatewayFlagsAndTheirChecks() {
        var c = SidecarConfig.parse(new String[] {"--mode", "gateway", "--policy-namespace", "team-a", "--policies", "qa,support",
                "--client-keys-dir", "/etc/uniroute/client-keys"}, Map.of());
        assertThat(c.gateway()).isTrue();
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.policyNamespace()).contains("team-a");
        assertThat(c.policies()).containsExactly("qa", "support");
        assertThat(c.clientKeysDir()).contains(Path.of("/etc/uniroute/client-keys"));
        assertThat(c.hasTableSource()).isTrue();
        assertThat(c.refusal()).isEmpty();
        // the with... helpers keep the gateway fields
        assertThat(c.withLimits(4096, Duration.ofSeconds(1), Duration.ofSeconds(1)).policies()).containsExactly("qa", "support");
        assertThat(c.withTableFiles(List.of()).clientKeysDir()).isPresent();

        // the switch alone, before another flag, or from the environment
        assertThat(SidecarConfig.parse(new String[] {"--allow-unauthenticated", "--mode", "gateway"}, Map.of())
                .allowUnauthenticated()).isTrue();
        var fromEnv = SidecarConfig.parse(new String[0], Map.of("UNIROUTE_MODE", "gateway",
                "UNIROUTE_POLICY_NAMESPACE", "team-b", "UNIROUTE_ALLOW_UNAUTHENTICATED", "true"));
        assertThat(fromEnv.gateway()).isTrue();
        assertThat(fromEnv.refusal()).isEmpty();
        assertThat(SidecarConfig.parse(new String[] {"--mode", "gateway"}, Map.of()).refusal()).isPresent();
        assertThat(SidecarConfig.parse(new String[0], Map.of()).refusal()).as("sidecar mode needs no keys").isEmpty();

        assertThatThrownBy(() -> SidecarConfig.parse(new String[] {"--mode", "proxy"}, Map.of())).hasMessageContaining("--mode");
        assertThatThrownBy(() -> SidecarConfig.parse(new String[] {"--policies", "qa"}, Map.of()))
                .hasMessageContaining("--policy-namespace");
        assertThatThrownBy(() -> SidecarConfig.parse(new String[] {"--policy-namespace", "Team_A"}, Map.of()))
                .hasMessageContaining("namespace");
        assertThatThrownBy(() -> SidecarConfig.parse(new String[] {"--allow-unauthenticated", "yes"}, Map.of()))
                .hasMessageContaining("true or false");
    }
}
