package io.uniroute.operator;

import static io.uniroute.operator.testing.Waits.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptItem;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.PromptSetSpec;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.operator.testing.Fixtures;
import io.uniroute.operator.testing.LoopbackLlm;
import io.uniroute.operator.testing.OperatorHarness;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not a test: measures profiling throughput through the whole operator (mock API server, status
 * saved after every batch) against a loopback backend with a fixed latency, as a fraction of the
 * ideal maxConcurrency / latency, and writes operator/target/profiling-throughput.md. Run with
 * {@code mvn -B -pl operator -am verify -Dtest=ProfilingThroughputBench -Duniroute.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "uniroute.bench", matches = "true")
class ProfilingThroughputBench {

    @RegisterExtension
    static final OperatorHarness k8s = new OperatorHarness(new OperatorSettings(Set.of(), Duration.ofSeconds(10),
            Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofMinutes(10), 10));

    record Run(int prompts, int concurrency, int latencyMs, double seconds, double firstRequestSeconds, double busySeconds, int maxInFlight) {
        double ideal() {
            return concurrency * 1000.0 / latencyMs;
        }

        double perSecond() {
            return prompts / seconds;
        }
    }

    @Test
    void measure() throws Exception {
        List<Run> runs = new ArrayList<>();
        int[][] configs = {{400, 8, 100}, {400, 32, 100}, {800, 64, 50}};
        int i = 0;
        for (int[] c : configs) {
            runs.add(run("bench-" + i++, c[0], c[1], c[2]));
        }
        StringBuilder report = new StringBuilder("# Profiling throughput\n\n")
                .append("Whole operator on the fabric8 mock API server, one loopback backend with a fixed latency, ")
                .append("status saved after each 10 s batch. Fraction = (prompts / wall time) / (maxConcurrency / latency).\n")
                .append(String.format(Locale.ROOT, "Machine: %d cores, load average %.1f at the end.%n%n",
                        Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append("Wall time runs from `create LLMBackend` to Profiled=True; busy = first request in to last answer out; ")
                .append("fraction (busy) = (prompts / busy) / ideal, the profiler alone.\n\n")
                .append("| prompts | maxConcurrency | latency | ideal req/s | measured req/s | fraction | first request after s | backend busy s | fraction (busy) | max in flight |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            report.append(String.format(Locale.ROOT, "| %d | %d | %d ms | %.0f | %.1f | %.2f | %.2f | %.2f | %.2f | %d |%n", r.prompts(),
                    r.concurrency(), r.latencyMs(), r.ideal(), r.perSecond(), r.perSecond() / r.ideal(), r.firstRequestSeconds(),
                    r.busySeconds(), r.prompts() / r.busySeconds() / r.ideal(), r.maxInFlight()));
        }
        Files.writeString(Path.of("target", "profiling-throughput.md"), report);
        System.out.println(report);
    }

    private Run run(String ns, int prompts, int concurrency, int latencyMs) throws Exception {
        k8s.newNamespace(ns);
        List<PromptItem> items = new ArrayList<>();
        for (int i = 0; i < prompts; i++) {
            items.add(new PromptItem("q" + i, "What is " + i + " plus " + i + "?", null, String.valueOf(2 * i), "numeric", null));
        }
        PromptSet ps = new PromptSet();
        ps.setMetadata(new ObjectMetaBuilder().withName("p").build());
        ps.setSpec(new PromptSetSpec(null, items, null));
        try (LoopbackLlm llm = new LoopbackLlm().withLatency(Duration.ofMillis(latencyMs))
                .answering(p -> "The answer is " + 2 * Integer.parseInt(p.replaceAll("\\D+", " ").trim().split(" ")[0]) + ".")) {
            var client = k8s.client();
            client.resources(PromptSet.class).inNamespace(ns).resource(ps).create();
            client.resources(RoutingPolicy.class).inNamespace(ns).resource(Fixtures.policy("pol", "pool", "p", "4")).create();
            long start = System.nanoTime();
            client.resources(LLMBackend.class).inNamespace(ns)
                    .resource(Fixtures.backend("b", "pool", Fixtures.spec(llm.endpoint(), concurrency, "10s", 1, null))).create();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).ignoreExceptions().untilAsserted(() ->
                    assertThat(hasCondition(client.resources(LLMBackend.class).inNamespace(ns).withName("b").get().getStatus()
                            .conditions(), "Profiled", "True", "Profiled")).isTrue());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(llm.requests()).isEqualTo(prompts);
            return new Run(prompts, concurrency, latencyMs, seconds, (llm.firstArrivalNanos() - start) / 1e9, llm.busySeconds(),
                    llm.maxInFlight());
        }
    }
}
