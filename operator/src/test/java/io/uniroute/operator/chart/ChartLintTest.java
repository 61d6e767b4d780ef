package io.uniroute.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartLintTest {

    @Test
    void chartPassesStrictLint() {
        LintResult result = new Helm(Chart.chartDir()).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    /** helm lint takes no --set here: a copy of the chart whose values.yaml turns the gateway (and its ServiceMonitor) on. */
    @Test
    void chartWithTheGatewayPassesStrictLint(@TempDir Path tmp) throws IOException {
        Path chart = tmp.resolve("uniroute");
        try (Stream<Path> files = Files.walk(Chart.chartDir())) {
            for (Path f : files.toList()) {
                Path to = chart.resolve(Chart.chartDir().relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        String values = Files.readString(chart.resolve("values.yaml"));
        String on = values.replace("gateway:\n  enabled: false", "gateway:\n  enabled: true")
                .replace("    existingSecret: \"\"", "    existingSecret: gw-keys")
                .replace("  backendKeySecrets: []", "  backendKeySecrets: [openai-key]")
                .replace("CRDs.\n    enabled: false", "CRDs.\n    enabled: true");
        assertThat(on.split("enabled: true", -1)).as("the three switches were found").hasSizeGreaterThanOrEqualTo(4);
        assertThat(on).contains("existingSecret: gw-keys", "backendKeySecrets: [openai-key]");
        Files.writeString(chart.resolve("values.yaml"), on);
        assertThat(Chart.parse(new Helm(chart).template().withName(Chart.RELEASE).withKubeVersion(Chart.KUBE_VERSION).call()))
                .anySatisfy(o -> assertThat(o.getKind()).isEqualTo("HorizontalPodAutoscaler"));

        LintResult result = new Helm(chart).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }
}
