package io.uniroute.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flags of {@code bin/uniroute replay}, and the banner saying what it serves. */
class ReplayCommandTest {

    private static ReplayServer.Builder configure(String... args) {
        return ReplayCommand.configure(args, Map.of("REPLAY_KEY", "sk-secret")::get);
    }

    @Test
    void flagsConfigureModelsLatencyAndFaultsPerModel() {
        try (ReplayServer server = configure("--dataset", "bundled", "--port", "0", "--models", "gemma-2-9b-it,codegemma-7b",
                "--latency-ms", "codegemma-7b=25", "--error-rate", "0.1", "--hang-rate", "gemma-2-9b-it=0.2",
                "--hang-ms", "1500", "--seed", "3").start()) {
            assertThat(server.models()).containsExactly("gemma-2-9b-it", "codegemma-7b");
            assertThat(server.behaviour("codegemma-7b").latency()).isEqualTo(Duration.ofMillis(25));
            assertThat(server.behaviour("gemma-2-9b-it").latency()).isZero();
            assertThat(server.behaviour("codegemma-7b").faults()).isEqualTo(new FaultPlan(0.1, 0, 0, 0, Duration.ofMillis(1500)));
            assertThat(server.behaviour("gemma-2-9b-it").faults()).isEqualTo(new FaultPlan(0.1, 0, 0, 0.2, Duration.ofMillis(1500)));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ReplayCommand.describe(server, new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("SIMULATION").contains(server.baseUrl().toString())
                    .contains("codegemma-7b").contains("llmrouter-mini");
            assertThat(new OpenAiTestClient(server.rootUrl()).get("/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void apiKeyComesFromTheEnvironment() {
        try (ReplayServer server = configure("--port", "0", "--api-key-env", "REPLAY_KEY").start()) {
            assertThat(new OpenAiTestClient(server.baseUrl()).get("/models").statusCode()).isEqualTo(401);
        }
        assertThatThrownBy(() -> configure("--api-key-env", "UNSET_VAR")).hasMessageContaining("UNSET_VAR");
    }

    @Test
    void badFlagsAreExplained() {
        assertThatThrownBy(() -> configure("--colour", "red")).hasMessageContaining("unknown flag --colour");
        assertThatThrownBy(() -> configure("--error-rate", "2")).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> configure("--latency-ms", "nobody=5")).hasMessageContaining("served model");
        assertThatThrownBy(() -> configure("--models", "gpt-9")).hasMessageContaining("gpt-9");
        assertThatThrownBy(() -> configure("--port")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> configure("--dataset", "/no/such/dir")).hasMessageContaining("missing");
        assertThatThrownBy(() -> configure("--error-rate", "0.6", "--garbage-rate", "0.6")).hasMessageContaining("more than 1");
    }
}
