package io.uniroute.demo;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.core.table.RoutingTableJson;
import io.uniroute.operator.OperatorSettings;
import io.uniroute.operator.UnirouteOperator;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.LLMBackendSpec;
import io.uniroute.operator.api.PromptSetProfile;
import io.uniroute.operator.api.RoutingPolicy;
import io.uniroute.replay.ReplayServer;
import io.uniroute.replay.answers.AnswerBook;
import io.uniroute.replay.answers.GradedPrompt;
import io.uniroute.replay.datasets.BundledDatasets;
import io.uniroute.replay.datasets.DatasetSplit;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The demo's script: the same steps a platform team takes, on this machine. Each step prints what
 * it saw; the outcome is a {@link DemoResult} and a report.
 */
final class DemoRun {

    /** The held-out split the examples' prompt set was made without (see ExamplesGenerator). */
    static final double HELD_OUT_FRACTION = 0.3;
    static final long SPLIT_SEED = 7;
    static final String HELD_BACK_DIR = "held-back";

    private final DemoOptions options;
    private final PrintStream out;
    private final RoutingTableJson tableJson = new RoutingTableJson();

    DemoRun(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    DemoResult run() throws Exception {
        Instant started = Instant.now();
        out.println("uniroute demo — the backends are replay backends: a SIMULATION that answers as real models did");
        out.println("in their recorded results (llmrouter, MIT). Nothing leaves this machine.\n");
        Dataset dataset = BundledDatasets.llmrouterMini();
        DatasetSplit split = DatasetSplit.stratified(dataset, HELD_OUT_FRACTION, SPLIT_SEED);
        List<GradedPrompt> heldOut = split.heldOut().prompts().stream().map(AnswerBook::graded).toList();
        if (options.quick()) {
            heldOut = heldOut.stream().filter(p -> Math.floorMod(p.id().hashCode(), 2) == 0).toList();
        }

        try (KubernetesEnvironment kube = options.useCluster() ? KubernetesEnvironment.currentCluster()
                        : KubernetesEnvironment.embedded();
                ReplayServer replay = ReplayServer.builder(dataset).host("127.0.0.1").port(options.replayPort()).start()) {
            KubernetesClient client = kube.client();
            String ns = kube.namespace();
            step(1, kube.embeddedApi()
                    ? "Kubernetes API: embedded (fabric8 mock server, CRUD mode) at " + kube.apiUrl() + ", CRDs created"
                    : "Kubernetes API: the current kubeconfig's cluster, namespace " + ns);
            step(2, "Replay backends: " + replay.models().size() + " simulated models at " + replay.baseUrl());

            try (UnirouteOperator operator = UnirouteOperator.create(client, new SimpleMeterRegistry(),
                    settings(kube, ns), MiniLmEmbedder::new, null).start()) {
                step(3, "Operator started (in this process), watching namespace " + ns);

                List<Path> files = yamlFiles(options.examples());
                List<HasMetadata> applied = new ArrayList<>();
                for (Path f : files) {
                    applied.addAll(YamlApply.apply(client, ns, f, r -> pointAt(r, replay.port())));
                }
                RoutingPolicy policy = applied.stream().filter(RoutingPolicy.class::isInstance).map(RoutingPolicy.class::cast)
                        .findFirst().orElseThrow(() -> new IllegalStateException(options.examples() + " holds no RoutingPolicy"));
                List<String> backends = applied.stream().filter(LLMBackend.class::isInstance)
                        .map(r -> r.getMetadata().getName()).toList();
                step(4, "kubectl apply -f " + options.home().relativize(options.examples().toAbsolutePath()) + "/  → "
                        + backends.size() + " LLMBackends, a PromptSet, RoutingPolicy " + policy.getMetadata().getName()
                        + " (one more backend held back in " + HELD_BACK_DIR + "/)");

                step(5, "Profiling each backend on the prompt set (sending the policy's budget of prompts, grading every answer):");
                awaitProfiled(client, ns, backends, Duration.ofMinutes(10));
                out.println("  " + profilingCalls(client, ns, backends).text());

                String cmName = policy.getMetadata().getName() + "-routing";
                RoutingTable table = awaitTable(client, ns, cmName, backends.size(), Duration.ofMinutes(5));
                step(6, "Published ConfigMap " + cmName + ": " + table.clusterMap().vectors().length + " clusters ("
                        + table.clusterMap().type() + ", embedder " + table.embedder().id() + "), "
                        + table.backends().size() + " routable backends");
                printPsi(table);

                Prices prices = prices(client, ns);
                Path tableFile = options.out().toAbsolutePath().resolve("routing.json");
                try (SidecarProcess sidecar = startSidecar(kube, ns, cmName, tableFile, table);
                        DemoTraffic traffic = new DemoTraffic(sidecar.baseUrl(), prices)) {
                    sidecar.awaitReady(Duration.ofMinutes(2));
                    step(7, "Sidecar ready at " + sidecar.baseUrl() + "; sending " + heldOut.size()
                            + " held-out prompts (never profiled) through it");
                    String model = policy.getMetadata().getName();
                    List<TrafficResult> pinned = new ArrayList<>();
                    for (String b : backends) {
                        pinned.add(traffic.run(b, b, null, heldOut));
                    }
                    List<TrafficResult> routed = new ArrayList<>();
                    for (double lambda : options.costWeights()) {
                        routed.add(traffic.run("uniroute λ=" + lambda, model, lambda, heldOut));
                    }
                    TrafficResult oracle = DemoTraffic.oracle(pinned);
                    printResults(routed, pinned, oracle);
                    printClusters(routed.get(0));
                    Phase before = new Phase(routed, pinned, oracle);

                    Path heldBackFile = heldBackFile();
                    List<HasMetadata> late = YamlApply.apply(client, ns, heldBackFile, r -> pointAt(r, replay.port()));
                    String lateName = late.get(0).getMetadata().getName();
                    List<String> all = new ArrayList<>(backends);
                    all.add(lateName);
                    step(8, "kubectl apply -f " + options.home().relativize(heldBackFile.toAbsolutePath())
                            + "  → a new backend, " + lateName + ", arrives while traffic flows");
                    awaitProfiled(client, ns, List.of(lateName), Duration.ofMinutes(5));
                    RoutingTable after = awaitTable(client, ns, cmName, all.size(), Duration.ofMinutes(5));
                    boolean sameCentroids = Arrays.deepEquals(table.clusterMap().vectors(), after.clusterMap().vectors());
                    out.println("  table re-published with " + after.backends().size() + " backends; centroids "
                            + (sameCentroids ? "unchanged (no retraining)" : "CHANGED"));
                    if (!kube.embeddedApi()) {
                        Files.writeString(tableFile, tableJson.write(after));
                    }
                    awaitSidecarServes(traffic, lateName);
                    List<TrafficResult> pinnedAfter = new ArrayList<>(pinned);
                    pinnedAfter.add(traffic.run(lateName, lateName, null, heldOut));
                    List<TrafficResult> routedAfter = new ArrayList<>();
                    for (double lambda : options.costWeights()) {
                        routedAfter.add(traffic.run("uniroute λ=" + lambda, model, lambda, heldOut));
                    }
                    TrafficResult oracleAfter = DemoTraffic.oracle(pinnedAfter);
                    step(9, "With " + lateName + " routable:");
                    printResults(routedAfter, pinnedAfter, oracleAfter);
                    Phase afterPhase = new Phase(routedAfter, pinnedAfter, oracleAfter);

                    ProfilingCalls calls = profilingCalls(client, ns, all);
                    out.println("  " + calls.text());
                    DemoResult result = new DemoResult(backends, lateName, table.clusterMap().vectors().length,
                            sameCentroids, before, afterPhase, heldOut.size(), Duration.between(started, Instant.now()), calls);
                    Path report = new DemoReport(options.out()).write(result);
                    step(10, "Report: " + report.toAbsolutePath() + " (with cost-accuracy.svg) — done in "
                            + result.elapsed().toSeconds() + " s");
                    return result;
                }
            }
        }
    }

    /** Profiling calls the backends were sent (a budget's choice) against every prompt of the set. */
    record ProfilingCalls(int backends, int sent, int everyPrompt, Integer budget) {
        String text() {
            if (sent == everyPrompt) {
                return String.format(Locale.ROOT, "Profiling: %d backends, %d calls (every prompt; no budget)", backends, sent);
            }
            return String.format(Locale.ROOT, "Profiling budget (RoutingPolicy spec.profiling.maxPromptsPerBackend = %s): %d backends "
                    + "sent %d profiling calls instead of %d for every prompt: %d calls (%.0f%%) saved", budget, backends, sent,
                    everyPrompt, everyPrompt - sent, 100.0 * (everyPrompt - sent) / everyPrompt);
        }
    }

    private static ProfilingCalls profilingCalls(KubernetesClient client, String ns, List<String> names) {
        int sent = 0;
        int all = 0;
        for (String name : names) {
            LLMBackend b = client.resources(LLMBackend.class).inNamespace(ns).withName(name).get();
            if (b != null && b.getStatus() != null && !b.getStatus().profiles().isEmpty()) {
                PromptSetProfile p = b.getStatus().profiles().get(0);
                sent += p.completed() == null ? 0 : p.completed();
                all += p.prompts() == null ? 0 : p.prompts();
            }
        }
        Integer budget = client.resources(RoutingPolicy.class).inNamespace(ns).list().getItems().stream()
                .map(p -> p.getSpec() == null ? null : p.getSpec().maxPromptsPerBackend()).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
        return new ProfilingCalls(names.size(), sent, all, budget);
    }

    private void step(int n, String text) {
        out.println("[" + n + "] " + text);
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalStateException("no *.yaml in " + dir);
            }
            return files;
        }
    }

    private Path heldBackFile() throws IOException {
        List<Path> files = yamlFiles(options.examples().resolve(HELD_BACK_DIR));
        return files.get(0);
    }

    /** The examples point at the replay backends' default port; follow --replay-port. */
    private static HasMetadata pointAt(HasMetadata r, int replayPort) {
        if (r instanceof LLMBackend b && replayPort != DemoOptions.DEFAULT_REPLAY_PORT) {
            LLMBackendSpec s = b.getSpec();
            String endpoint = s.endpoint().replace(":" + DemoOptions.DEFAULT_REPLAY_PORT + "/", ":" + replayPort + "/");
            b.setSpec(new LLMBackendSpec(endpoint, s.model(), s.apiKeySecretRef(), s.cost(), s.maxConcurrency(),
                    s.timeout(), s.maxRetries(), s.maxTokens()));
        }
        return r;
    }

    private void awaitProfiled(KubernetesClient client, String ns, List<String> names, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, String> lastLine = new HashMap<>();
        while (true) {
            boolean allDone = true;
            for (String name : names) {
                LLMBackend b = client.resources(LLMBackend.class).inNamespace(ns).withName(name).get();
                PromptSetProfile p = b == null || b.getStatus() == null || b.getStatus().profiles().isEmpty()
                        ? null : b.getStatus().profiles().get(0);
                int done = p == null || p.completed() == null ? 0 : p.completed();
                int total = p == null ? 0 : p.target();
                boolean profiled = p != null && p.complete();
                String note = profiled ? String.format(Locale.ROOT, "accuracy %.2f", p.accuracy()) : phase(b);
                String line = ProgressBar.render(name, done, total, note);
                if (!line.equals(lastLine.get(name)) && (profiled || done == 0 || !lastLine.containsKey(name)
                        || Instant.now().getEpochSecond() % 2 == 0)) {
                    out.println(line);
                    lastLine.put(name, line);
                }
                allDone &= profiled;
            }
            if (allDone) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("backends not profiled within " + timeout + ": " + names);
            }
            Thread.sleep(500); // polling the API for a person to watch; the operator itself is event-driven
        }
    }

    private static String phase(LLMBackend b) {
        if (b == null || b.getStatus() == null) {
            return "waiting";
        }
        return b.getStatus().phase() == null ? "" : b.getStatus().phase();
    }

    private RoutingTable awaitTable(KubernetesClient client, String ns, String name, int backends, Duration timeout)
            throws InterruptedException {
        return Poll.until(timeout, Duration.ofMillis(300), () -> {
            ConfigMap cm = client.configMaps().inNamespace(ns).withName(name).get();
            String json = cm == null || cm.getData() == null ? null : cm.getData().get("routing.json");
            return Optional.ofNullable(json).map(tableJson::read).filter(t -> t.backends().size() >= backends);
        }, () -> {
            RoutingPolicy p = client.resources(RoutingPolicy.class).inNamespace(ns)
                    .withName(name.replaceAll("-routing$", "")).get();
            return "no routing table with " + backends + " backends within " + timeout + "; policy status: "
                    + (p == null ? "no policy" : p.getStatus());
        });
    }

    private SidecarProcess startSidecar(KubernetesEnvironment kube, String ns, String cm, Path tableFile, RoutingTable table)
            throws IOException {
        Path log = options.out().toAbsolutePath().resolve("sidecar.log");
        // the demo measures routing by what prompts ask: every prompt waits for its embedding, never the overload rule's
        // prompt-independent choice (which a busy machine would otherwise trigger and which the demo would then measure)
        List<String> noOverload = List.of("--embed-max-wait-ms", "60000");
        if (kube.embeddedApi()) {
            return SidecarProcess.start(options.home(), concat(List.of("--config-map", ns + "/" + cm, "--kube-api-url", kube.apiUrl()),
                    noOverload), log);
        }
        // a real cluster needs credentials the sidecar gets in a pod; here the demo mirrors the ConfigMap to a file
        Files.createDirectories(tableFile.getParent());
        Files.writeString(tableFile, tableJson.write(table));
        return SidecarProcess.start(options.home(), concat(List.of("--table-file", tableFile.toString()), noOverload), log);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** Waits until the sidecar serves a table that holds the new backend (it reloads within about a second). */
    private void awaitSidecarServes(DemoTraffic traffic, String backend) throws InterruptedException {
        Poll.until(Duration.ofSeconds(60), Duration.ofMillis(200),
                () -> traffic.lists(backend) ? Optional.of(true) : Optional.empty(),
                () -> "the sidecar did not pick up the table with " + backend);
    }

    private Prices prices(KubernetesClient client, String ns) {
        Map<String, double[]> p = new LinkedHashMap<>();
        for (LLMBackend b : client.resources(LLMBackend.class).inNamespace(ns).list().getItems()) {
            p.put(b.getMetadata().getName(), new double[] {b.getSpec().cost().inputPerMillionTokens(),
                    b.getSpec().cost().outputPerMillionTokens()});
        }
        // the held-back backend is priced from its file, since it is not applied yet
        try {
            for (HasMetadata r : YamlApply.read(heldBackFile())) {
                if (r instanceof LLMBackend b) {
                    p.put(b.getMetadata().getName(), new double[] {b.getSpec().cost().inputPerMillionTokens(),
                            b.getSpec().cost().outputPerMillionTokens()});
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Prices(p);
    }

    private void printPsi(RoutingTable table) {
        int k = table.clusterMap().vectors().length;
        StringBuilder head = new StringBuilder(String.format("  %-34s %6s", "estimated error Ψ per cluster", "cost"));
        for (int c = 0; c < k; c++) {
            head.append(String.format(" %5s", "c" + c));
        }
        out.println(head);
        table.backends().stream().sorted(Comparator.comparingDouble(RoutingTable.Backend::normalizedCost)).forEach(b -> {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-34s %6.2f", b.name(), b.normalizedCost()));
            for (double v : b.psi()) {
                row.append(String.format(Locale.ROOT, " %5.2f", v));
            }
            out.println(row);
        });
    }

    private void printResults(List<TrafficResult> routed, List<TrafficResult> pinned, TrafficResult oracle) {
        out.println(String.format("  %-34s %8s %14s   %s", "", "accuracy", "USD per 1k q", "share of traffic"));
        for (TrafficResult r : routed) {
            out.println(row(r) + "   " + shares(r));
        }
        pinned.stream().sorted(Comparator.comparingDouble(TrafficResult::meanCostUsd)).forEach(r -> out.println(row(r)));
        out.println(row(oracle) + "   (best model per prompt, known only in hindsight)");
    }

    private static String row(TrafficResult r) {
        return String.format(Locale.ROOT, "  %-34s %8.3f %14.4f", r.label(), r.accuracy(), 1000 * r.meanCostUsd());
    }

    static String shares(TrafficResult r) {
        StringBuilder s = new StringBuilder();
        r.shares().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> s.append(String.format(Locale.ROOT, "%s %.0f%%  ", e.getKey(), 100 * e.getValue())));
        return s.toString().trim();
    }

    private void printClusters(TrafficResult r) {
        Map<Integer, Map<String, Integer>> tasks = new java.util.TreeMap<>();
        r.answers().forEach(a -> tasks.computeIfAbsent(a.cluster(), c -> new java.util.TreeMap<>()).merge(a.task(), 1, Integer::sum));
        out.println("  held-out prompts per cluster, by task:");
        tasks.forEach((c, t) -> {
            StringBuilder s = new StringBuilder();
            t.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(4)
                    .forEach(e -> s.append(e.getKey()).append(' ').append(e.getValue()).append("  "));
            out.println("    " + (c < 0 ? "no cluster (routed without its embedding)" : "c" + c) + ": " + s.toString().trim());
        });
    }

    /** One round of traffic: routed at each λ, each backend pinned, and the oracle. */
    record Phase(List<TrafficResult> routed, List<TrafficResult> pinned, TrafficResult oracle) {
    }

    /** The embedded API (the fabric8 mock server) has no server-side apply; a real cluster has. */
    private static OperatorSettings settings(KubernetesEnvironment kube, String ns) {
        OperatorSettings settings = OperatorSettings.defaults().withNamespaces(java.util.Set.of(ns));
        return kube.embeddedApi() ? settings.withoutServerSideApply() : settings;
    }
}
