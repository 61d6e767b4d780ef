package io.uniroute.sidecar.bench;

import io.uniroute.core.clustering.KMeans;
import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.dataset.PromptRecord;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.core.routing.FeatureVectors;
import io.uniroute.core.routing.NearestCentroidMap;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.core.table.RoutingTableJson;
import io.uniroute.replay.FaultPlan;
import io.uniroute.replay.ReplayServer;
import io.uniroute.replay.datasets.BundledDatasets;
import io.uniroute.sidecar.Sidecar;
import io.uniroute.sidecar.SidecarConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sidecar under backend faults, end to end over loopback: three replay backends (simulated
 * LLMs replaying real models' recorded answers, see docs/replay.md) behind one policy, each with
 * an injected fault, and a closed-loop client that checks every answer — a 200 whose body is a
 * chat completion, or a stream of chunks ending in {@code [DONE]}. Anything else is a failed
 * answer. Then the overload run: new prompts at 8 clients, with the embedding-wait bound and
 * without it (the same run). Writes a Markdown report.
 *
 * <p>Usage: {@code FaultLoadBench [--routed 10000] [--streamed 2000] [--clients 16] [--overload 2000]
 * [--out FILE]}.
 */
public final class FaultLoadBench {

    static final String STRONG = "llama-3.3-nemotron-super-49b-v1";
    static final String MID = "qwen2.5-7b-instruct";
    static final String CHEAP = "gemma-2-9b-it";
    static final Map<String, String> BACKEND = Map.of(STRONG, "strong", MID, "mid", CHEAP, "cheap");
    /** λ per request, in turn: so each of the three backends is some requests' first choice. */
    static final String[] COST_WEIGHTS = {"0", "0.1", "1"};
    /** Each backend's time-to-first-byte limit in the table (an LLMBackend's spec.timeout). */
    static final long TIMEOUT_MILLIS = 2_000;

    record Scenario(String name, Map<String, FaultPlan> faults) {
    }

    record Tally(long ok, long failed, Map<String, Long> failures, long[] nanos, long unembedded, double seconds) {
        double pctMs(double p) {
            return nanos.length == 0 ? Double.NaN
                    : nanos[Math.min(nanos.length - 1, (int) Math.ceil(p * nanos.length) - 1)] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int routed = Integer.parseInt(opts.getOrDefault("routed", "10000"));
        int streamed = Integer.parseInt(opts.getOrDefault("streamed", "2000"));
        int clients = Integer.parseInt(opts.getOrDefault("clients", "16"));
        int overload = Integer.parseInt(opts.getOrDefault("overload", "2000"));
        Path out = Path.of(opts.getOrDefault("out", "bench/resilience/report.md"));

        Dataset mini = BundledDatasets.llmrouterMini();
        List<PromptRecord> prompts = mini.prompts();
        MiniLmEmbedder miniLm = new MiniLmEmbedder();
        System.out.println("embedding " + prompts.size() + " prompts for the table ...");
        List<float[]> vectors = miniLm.embedAll(prompts.stream().map(PromptRecord::prompt).toList());
        float[][] centroids = new KMeans(8, 42).fit(vectors).centroids();

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        Vertx load = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        double loadBefore = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        StringBuilder report = new StringBuilder();
        report.append("# Sidecar under backend faults and overload\n\n");
        report.append(String.format(Locale.ROOT, "Run %s on %d CPU(s) shared with other work, Java %s. Backends: three"
                        + " replay servers (a simulation: recorded answers of %s, %s, %s from the bundled llmrouter-mini"
                        + " set; faults injected by the replay server). Table: k = 8 over the %d prompts (MiniLM),"
                        + " λ = 0, 0.1 and 1 in turn (x-uniroute-cost-weight, so each backend is some requests' first choice),"
                        + " fallback maxAttempts %d, each backend's timeout %d ms. Sidecar, backends and"
                        + " client in one JVM on loopback.%n%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                STRONG, MID, CHEAP, prompts.size(), RoutingTable.Fallback.DEFAULT_MAX_ATTEMPTS, TIMEOUT_MILLIS));

        List<Scenario> scenarios = List.of(
                new Scenario("429 / non-JSON / hang", Map.of(
                        STRONG, FaultPlan.NONE.withRateLimitRate(0.10),
                        MID, FaultPlan.NONE.withGarbageRate(0.10),
                        CHEAP, FaultPlan.NONE.withHang(0.02, Duration.ofSeconds(30)))),
                new Scenario("10% 500", Map.of(
                        STRONG, FaultPlan.NONE.withErrorRate(0.10),
                        MID, FaultPlan.NONE,
                        CHEAP, FaultPlan.NONE)));
        report.append("## No failed answer while a good backend is left\n\n");
        report.append(String.format(Locale.ROOT, "%d routed (non-streamed) and %d streamed chat requests per scenario,"
                + " %d clients in a closed loop, prompts of the dataset in turn. A failed answer is anything but a 200"
                + " with a chat completion (or a stream of chunks ending in `[DONE]`).%n%n", routed, streamed, clients));
        report.append("| scenario | kind | requests | ok | failed | p50 ms | p99 ms | max ms | backend calls (faults injected) |\n");
        report.append("|---|---|---|---|---|---|---|---|---|\n");
        long totalFailed = 0;
        for (Scenario s : scenarios) {
            List<ReplayServer> servers = new ArrayList<>();
            Map<String, ReplayServer> byModel = new TreeMap<>();
            for (String model : List.of(STRONG, MID, CHEAP)) {
                ReplayServer server = ReplayServer.builder(mini).models(List.of(model))
                        .faults(model, s.faults().get(model)).seed(7).start();
                servers.add(server);
                byModel.put(model, server);
            }
            Path dir = Files.createTempDirectory("uniroute-faults");
            RoutingTable table = table(mini, prompts, vectors, centroids, miniLm, byModel);
            Sidecar sidecar = start(vertx, dir, table, miniLm, "50");
            for (boolean stream : new boolean[] {false, true}) {
                int n = stream ? streamed : routed;
                Tally t = run(load, sidecar.port(), clients, n, i -> chat(prompts.get(i % prompts.size()).prompt(), stream),
                        stream);
                totalFailed += t.failed();
                StringBuilder calls = new StringBuilder();
                for (var e : byModel.entrySet()) {
                    calls.append(String.format(Locale.ROOT, "%s %d (%d); ", BACKEND.get(e.getKey()),
                            e.getValue().requestCount(e.getKey()), e.getValue().faultCount(e.getKey())));
                }
                report.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d%s | %.1f | %.1f | %.1f | %s |%n",
                        s.name(), stream ? "streamed" : "routed", n, t.ok(), t.failed(),
                        t.failures().isEmpty() ? "" : " " + t.failures(), t.pctMs(0.5), t.pctMs(0.99), t.pctMs(1.0),
                        calls.toString().replaceAll("; $", "")));
                System.out.println(report);
            }
            report.append("\nFallbacks by reason (sidecar metrics, " + s.name() + "): ")
                    .append(fallbacks(sidecar)).append("; breakers at the end: ").append(breakers(sidecar)).append("\n\n");
            await(sidecar.close());
            servers.forEach(ReplayServer::close);
        }
        report.append(String.format(Locale.ROOT, "**Failed answers in all: %d.** Backend calls count every attempt"
                + " (first tries and fallbacks, streamed and routed, cumulative within a scenario); the figure in"
                + " brackets is the faults the replay server injected.%n%n", totalFailed));

        // Overload: a new prompt per request at 8 clients, with and without the bound on embedding wait.
        List<String> bounds = overload > 0 ? List.of("50", "600000") : List.of();
        report.append("## Overload: a new prompt per request, 8 clients\n\n");
        report.append(String.format(Locale.ROOT, "%d requests, each a dataset prompt with a unique suffix (so never"
                + " cached), no faults, backends answering at once. `--embed-max-wait-ms 50` (the default) against a"
                + " bound too large to act (600000 ms), one after the other in the same run; `--embed-workers` = CPUs.%n%n",
                overload));
        report.append("| embed-max-wait-ms | requests | failed | p50 ms | p99 ms | max ms | routed without embedding |\n");
        report.append("|---|---|---|---|---|---|---|\n");
        AtomicLong unique = new AtomicLong();
        for (String bound : bounds) {
            List<ReplayServer> servers = new ArrayList<>();
            Map<String, ReplayServer> byModel = new TreeMap<>();
            for (String model : List.of(STRONG, MID, CHEAP)) {
                ReplayServer server = ReplayServer.builder(mini).models(List.of(model)).start();
                servers.add(server);
                byModel.put(model, server);
            }
            Path dir = Files.createTempDirectory("uniroute-overload");
            Sidecar sidecar = start(vertx, dir, table(mini, prompts, vectors, centroids, miniLm, byModel), miniLm, bound);
            Tally t = run(load, sidecar.port(), 8, overload, i -> chat(prompts.get(i % prompts.size()).prompt()
                    + " (request " + unique.incrementAndGet() + ")", false), false);
            report.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f | %d (%.1f%%) |%n", bound,
                    overload, t.failed(), t.pctMs(0.5), t.pctMs(0.99), t.pctMs(1.0), t.unembedded(),
                    100.0 * t.unembedded() / Math.max(1, t.ok() + t.failed())));
            System.out.println(report);
            await(sidecar.close());
            servers.forEach(ReplayServer::close);
        }
        double loadAfter = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        report.append(String.format(Locale.ROOT, "%nSystem load average %.1f before, %.1f after (the CPUs are shared"
                + " with other builds: compare rows of the same run).%n", loadBefore, loadAfter));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.toString());
        System.out.println(report);
        load.close();
        vertx.close();
        System.exit(totalFailed == 0 ? 0 : 1);
    }

    private static RoutingTable table(Dataset mini, List<PromptRecord> prompts, List<float[]> vectors,
            float[][] centroids, Embedder embedder, Map<String, ReplayServer> byModel) {
        var map = new NearestCentroidMap(centroids);
        double maxPrice = 0.9;
        List<RoutingTable.Backend> backends = new ArrayList<>();
        for (var e : byModel.entrySet()) {
            String model = e.getKey();
            double[] errors = prompts.stream().mapToDouble(p -> p.error(model)).toArray();
            double price = mini.models().stream().filter(m -> m.name().equals(model)).findFirst().orElseThrow()
                    .inputUsdPerMtok();
            double cost = price * 500 / 1e6; // ~500 tokens a query
            double accuracy = 1 - Arrays.stream(errors).average().orElse(1);
            backends.add(new RoutingTable.Backend(BACKEND.get(model), e.getValue().baseUrl().toString(), model,
                    FeatureVectors.psi(map, vectors, errors), cost, price / maxPrice, accuracy, null, TIMEOUT_MILLIS));
        }
        return new RoutingTable(RoutingTable.SCHEMA_VERSION, "bench", "default", RoutingTable.STRATEGY_CLUSTER,
                new RoutingTable.EmbedderRef(embedder.id(), embedder.dimension()),
                new RoutingTable.ClusterMapSpec(RoutingTable.ClusterMapSpec.NEAREST_CENTROID, centroids), backends, 0.2,
                null, RoutingTable.Fallback.DEFAULTS, "bench");
    }

    private static Sidecar start(Vertx vertx, Path dir, RoutingTable table, Embedder embedder, String maxWait)
            throws Exception {
        Path file = dir.resolve("routing.json");
        Files.writeString(file, new RoutingTableJson().write(table));
        SidecarConfig config = SidecarConfig.parse(new String[] {"--host", "127.0.0.1", "--port", "0", "--table-file",
                file.toString(), "--api-key-dir", dir.toString(), "--instances", "2", "--embed-max-wait-ms", maxWait},
                Map.of());
        Sidecar sidecar = await(Sidecar.start(vertx, config, embedder));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sidecar.tables().snapshot().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(20); // a benchmark main, not a test: wait for the watcher's first read
        }
        return sidecar;
    }

    private static Buffer chat(String prompt, boolean stream) {
        return new JsonObject().put("model", "bench").put("stream", stream).put("messages", new JsonArray()
                .add(new JsonObject().put("role", "user").put("content", prompt))).toBuffer();
    }

    /** C clients in a closed loop sharing n requests; every answer is checked. */
    private static Tally run(Vertx vertx, int port, int clients, int n, java.util.function.IntFunction<Buffer> body,
            boolean stream) throws Exception {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setIdleTimeout(120),
                new PoolOptions().setHttp1MaxSize(clients));
        AtomicInteger next = new AtomicInteger();
        AtomicLong ok = new AtomicLong();
        AtomicLong unembedded = new AtomicLong();
        Map<String, Long> failures = new ConcurrentHashMap<>();
        long[] nanos = new long[n];
        List<Future<Void>> done = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Promise<Void> finished = Promise.promise();
            done.add(finished.future());
            vertx.runOnContext(v -> loop(client, port, body, stream, next, n, nanos, ok, unembedded, failures, finished));
        }
        await(Future.all(done), 3600);
        double seconds = (System.nanoTime() - start) / 1e9;
        client.close();
        long[] sorted = Arrays.stream(nanos).filter(x -> x > 0).sorted().toArray();
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "%d requests (stream %s): %d ok, %d failed %s, p50 %.1f ms, p99 %.1f ms%n", n,
                stream, ok.get(), failed, failures, sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6,
                sorted.length == 0 ? 0 : sorted[(int) (sorted.length * 0.99)] / 1e6);
        return new Tally(ok.get(), failed, new TreeMap<>(failures), sorted, unembedded.get(), seconds);
    }

    private static void loop(HttpClient client, int port, java.util.function.IntFunction<Buffer> body, boolean stream,
            AtomicInteger next, int n, long[] nanos, AtomicLong ok, AtomicLong unembedded, Map<String, Long> failures,
            Promise<Void> finished) {
        int i = next.getAndIncrement();
        if (i >= n) {
            finished.complete();
            return;
        }
        long start = System.nanoTime();
        Buffer payload = body.apply(i);
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                        .setURI("/v1/chat/completions").putHeader("content-type", "application/json")
                        .putHeader("x-uniroute-cost-weight", COST_WEIGHTS[i % COST_WEIGHTS.length]))
                .compose(req -> req.send(payload))
                .compose(resp -> resp.body().map(b -> {
                    if ("none".equals(resp.getHeader("x-uniroute-cluster"))) {
                        unembedded.incrementAndGet();
                    }
                    return verdict(resp.statusCode(), b, stream);
                }))
                .onComplete(ar -> {
                    String verdict = ar.succeeded() ? ar.result() : "connection: " + ar.cause().getClass().getSimpleName();
                    if (verdict == null) {
                        ok.incrementAndGet();
                        nanos[i] = System.nanoTime() - start;
                    } else {
                        failures.merge(verdict, 1L, Long::sum);
                    }
                    loop(client, port, body, stream, next, n, nanos, ok, unembedded, failures, finished);
                });
    }

    /** Null when the answer is good, else what was wrong with it. */
    static String verdict(int status, Buffer body, boolean stream) {
        if (status != 200) {
            return "status " + status;
        }
        String text = body.toString(StandardCharsets.UTF_8);
        try {
            if (!stream) {
                JsonObject json = new JsonObject(text);
                String content = json.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content");
                return content == null || content.isEmpty() ? "empty completion" : null;
            }
            List<String> data = new ArrayList<>();
            for (String event : text.split("\n\n")) {
                for (String line : event.split("\n")) {
                    if (line.startsWith("data:")) {
                        data.add(line.substring(5).strip());
                    }
                }
            }
            if (data.size() < 2 || !"[DONE]".equals(data.get(data.size() - 1))) {
                return "stream not ended by [DONE]";
            }
            for (String d : data.subList(0, data.size() - 1)) {
                new JsonObject(d).getJsonArray("choices").size();
            }
            return null;
        } catch (RuntimeException e) {
            return stream ? "bad stream chunk" : "not a completion";
        }
    }

    private static String fallbacks(Sidecar sidecar) {
        Map<String, Double> byReason = new TreeMap<>();
        sidecar.metrics().registry().find("uniroute.sidecar.fallbacks").counters().forEach(c -> byReason.merge(
                c.getId().getTag("from") + "/" + c.getId().getTag("reason"), c.count(), Double::sum));
        StringBuilder sb = new StringBuilder();
        byReason.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%s %.0f, ", k, v)));
        return sb.isEmpty() ? "none" : sb.substring(0, sb.length() - 2);
    }

    /** Each backend's breaker state and the calls it refused (resilience4j's metrics). */
    private static String breakers(Sidecar sidecar) {
        var registry = sidecar.metrics().registry();
        StringBuilder sb = new StringBuilder();
        for (String backend : new TreeMap<>(BACKEND).values().stream().sorted().toList()) {
            String state = registry.find("resilience4j.circuitbreaker.state").tag("name", backend).gauges().stream()
                    .filter(g -> g.value() == 1).map(g -> g.getId().getTag("state")).findFirst().orElse("?");
            double refused = registry.find("resilience4j.circuitbreaker.not.permitted.calls").tag("name", backend)
                    .counters().stream().mapToDouble(c -> c.count()).sum();
            sb.append(String.format(Locale.ROOT, "%s %s (%.0f refused), ", backend, state, refused));
        }
        return sb.length() == 0 ? "none" : sb.substring(0, sb.length() - 2);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return await(f, 60);
    }

    private static <T> T await(Future<T> f, long seconds) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }
}
