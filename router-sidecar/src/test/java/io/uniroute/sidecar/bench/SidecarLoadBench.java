package io.uniroute.sidecar.bench;

import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.core.embedding.OnnxThreads;
import io.uniroute.core.embedding.TextWindow;
import io.uniroute.core.table.RoutingTableJson;
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
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Load measurement: the latency the sidecar adds over a direct call to the same backend, in the
 * same run. A loopback OpenAI backend answers at once (so what is measured is the sidecar); a
 * closed-loop generator (C clients, each sending its next request when the last one is answered)
 * runs each scenario for a fixed time after a warm-up and writes a Markdown report.
 *
 * <p>Scenarios: direct to the backend; through the sidecar pinned (no embedding); routed with a
 * repeated prompt set (embedding cache hits); routed with a new prompt every request (a real
 * MiniLM embedding each time), as the dataset's prompts come and at exactly {@code --new-prompt-chars}
 * characters (default 300). Usage: {@code SidecarLoadBench [--seconds N] [--concurrency 1,8]
 * [--new-prompt-chars 300] [--only-new true] [--onnx-threads default|runtime-defaults] [--embed-max-wait-ms 50]
 * [--out FILE]};
 * {@code --only-new true} runs just the new-prompt scenarios (to compare two builds of the sidecar
 * quickly, in one run). New-prompt rows also give the share of requests routed without their
 * embedding (the overload rule) and so the rate of prompts really embedded.
 */
public final class SidecarLoadBench {

    /**
     * One scenario's figures; {@code unembeddedShare} is the share of its requests (warm-up included)
     * routed without their embedding (the overload rule), so {@link #embeddedRps()} is the rate of
     * prompts actually embedded.
     */
    private record Result(String scenario, int concurrency, long requests, long errors, double seconds, long[] nanos,
            double unembeddedShare) {
        double rps() {
            return requests / seconds;
        }

        double embeddedRps() {
            return rps() * (1 - unembeddedShare);
        }

        double pctMs(double p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            return nanos[Math.min(nanos.length - 1, (int) Math.ceil(p * nanos.length) - 1)] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "10"));
        int[] concurrencies = Arrays.stream(opts.getOrDefault("concurrency", "1,8").split(",")).mapToInt(Integer::parseInt).toArray();
        Path out = Path.of(opts.getOrDefault("out", "bench/sidecar/report.md"));
        int newPromptChars = Integer.parseInt(opts.getOrDefault("new-prompt-chars", "300"));
        boolean onlyNew = Boolean.parseBoolean(opts.getOrDefault("only-new", "false"));

        Vertx servers = Vertx.vertx();
        Vertx load = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpServer backend = startBackend(servers);
        String endpoint = "http://127.0.0.1:" + backend.actualPort() + "/v1";

        // --onnx-threads runtime-defaults: ONNX Runtime's own thread settings, as before issue 13
        MiniLmEmbedder miniLm = new MiniLmEmbedder(TextWindow.DEFAULT,
                opts.getOrDefault("onnx-threads", "default").equals("runtime-defaults")
                        ? OnnxThreads.runtimeDefaults() : OnnxThreads.defaults());
        System.out.println("building the routing table from the llmrouter dataset ...");
        var built = BenchTables.build(miniLm, 400, 200, 20, endpoint);
        Path dir = Files.createTempDirectory("uniroute-bench");
        Path tableFile = dir.resolve("routing.json");
        Files.writeString(tableFile, new RoutingTableJson().write(built.table()));
        SidecarConfig config = SidecarConfig.parse(new String[] {"--host", "127.0.0.1", "--port", "0",
                "--table-file", tableFile.toString(), "--api-key-dir", dir.toString(),
                // a large bound measures the embedder's own capacity: no new prompt is routed without its embedding
                "--embed-max-wait-ms", opts.getOrDefault("embed-max-wait-ms", "50")}, Map.of());
        Sidecar sidecar = Sidecar.start(servers, config, miniLm)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        while (sidecar.tables().snapshot().isEmpty()) {
            Thread.sleep(50); // a benchmark main, not a test: wait for the watcher's first read
        }
        int sidecarPort = sidecar.port();
        List<String> prompts = built.trafficPrompts();
        String pinnedBackend = built.table().backends().get(0).name();
        AtomicLong unique = new AtomicLong();
        // requests routed without their embedding so far, all policies and reasons
        java.util.function.LongSupplier unembedded = () -> (long) sidecar.metrics().registry()
                .find("uniroute.sidecar.unembedded").counters().stream().mapToDouble(c -> c.count()).sum();

        double loadBefore = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Result> results = new ArrayList<>();
        for (int c : concurrencies) {
            if (!onlyNew) {
                results.add(run(load, "direct to backend", c, seconds, backend.actualPort(), "/v1/chat/completions",
                        i -> chat("llama-3.1-8b-instruct", prompts.get(i % 50))));
                results.add(run(load, "sidecar, pinned (no embedding)", c, seconds, sidecarPort, "/v1/chat/completions",
                        i -> chat(pinnedBackend, prompts.get(i % 50))));
                results.add(run(load, "sidecar, routed, repeated prompts (cache hit)", c, seconds, sidecarPort,
                        "/v1/chat/completions", i -> chat("bench", prompts.get(i % 50))));
            }
            results.add(run(load, "sidecar, routed, new prompt each request (MiniLM)", c, seconds, sidecarPort,
                    "/v1/chat/completions", i -> chat("bench", prompts.get(i % prompts.size()) + " #" + unique.incrementAndGet()),
                    unembedded));
            results.add(run(load, "sidecar, routed, new " + newPromptChars + "-character prompt each request (MiniLM)", c,
                    seconds, sidecarPort, "/v1/chat/completions",
                    i -> chat("bench", ofLength(prompts, i, unique.incrementAndGet(), newPromptChars)), unembedded));
        }
        String report = report(results, seconds, built.table().backends().size(),
                built.table().clusterMap().vectors().length, loadBefore);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println(report);
        System.out.println("decision latency (sidecar's own histogram): "
                + sidecar.metrics().registry().find("uniroute.sidecar.decision").timer().takeSnapshot());
        sidecar.close().toCompletionStage().toCompletableFuture().get();
        load.close();
        servers.close();
    }

    /** The dataset's prompts from the i-th on, joined and cut to exactly {@code chars} characters, ending in a unique number. */
    static String ofLength(List<String> prompts, int i, long unique, int chars) {
        String tag = " #" + unique;
        StringBuilder s = new StringBuilder();
        for (int j = i; s.length() < chars; j++) {
            s.append(prompts.get(j % prompts.size())).append(' ');
        }
        return s.substring(0, Math.max(0, chars - tag.length())) + tag;
    }

    private static Buffer chat(String model, String prompt) {
        return new JsonObject().put("model", model).put("max_tokens", 16).put("messages", new JsonArray()
                .add(new JsonObject().put("role", "user").put("content", prompt))).toBuffer();
    }

    /** An OpenAI backend that answers at once with a fixed small completion. */
    private static HttpServer startBackend(Vertx vertx) throws Exception {
        Buffer answer = new JsonObject().put("id", "cmpl-bench").put("object", "chat.completion").put("created", 1)
                .put("model", "bench").put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                        .put("finish_reason", "stop")
                        .put("message", new JsonObject().put("role", "assistant").put("content", "The answer is B."))))
                .put("usage", new JsonObject().put("prompt_tokens", 40).put("completion_tokens", 5)).toBuffer();
        return vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> req.response()
                        .putHeader("content-type", "application/json").end(answer)))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    }

    private static Result run(Vertx vertx, String scenario, int concurrency, int seconds, int port, String path,
            IntFunction<Buffer> body) throws Exception {
        return run(vertx, scenario, concurrency, seconds, port, path, body, () -> 0);
    }

    private static Result run(Vertx vertx, String scenario, int concurrency, int seconds, int port, String path,
            IntFunction<Buffer> body, java.util.function.LongSupplier unembedded) throws Exception {
        long unembeddedBefore = unembedded.getAsLong();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(concurrency));
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(2, seconds / 3));
        long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
        List<long[]> perClient = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong counter = new AtomicLong();
        List<Future<Void>> done = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            long[][] samples = {new long[1 << 16]};
            int[] n = {0};
            Promise<Void> finished = Promise.promise();
            done.add(finished.future().map(v -> {
                perClient.add(Arrays.copyOf(samples[0], n[0]));
                return null;
            }));
            vertx.runOnContext(v -> loop(client, port, path, body, counter, warmupEnd, end, samples, n, errors, finished));
        }
        Future.all(done).toCompletionStage().toCompletableFuture().get(seconds * 3L + 60, TimeUnit.SECONDS);
        client.close();
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double share = counter.get() == 0 ? 0 : (unembedded.getAsLong() - unembeddedBefore) / (double) counter.get();
        Result r = new Result(scenario, concurrency, all.length, errors.get(), seconds, all, share);
        System.out.printf(Locale.ROOT, "%-52s c=%-3d %8.0f req/s  p50 %7.3f ms  p99 %7.3f ms  errors %d  unembedded %.1f%%%n",
                scenario, concurrency, r.rps(), r.pctMs(0.5), r.pctMs(0.99), r.errors(), 100 * share);
        return r;
    }

    private static void loop(HttpClient client, int port, String path, IntFunction<Buffer> body, AtomicLong counter,
            long warmupEnd, long end, long[][] samples, int[] n, AtomicLong errors, Promise<Void> finished) {
        long start = System.nanoTime();
        if (start >= end) {
            finished.complete();
            return;
        }
        Buffer payload = body.apply((int) counter.getAndIncrement());
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port).setURI(path)
                        .putHeader("content-type", "application/json"))
                .compose(req -> req.send(payload))
                .compose(resp -> resp.body().map(b -> resp.statusCode()))
                .onComplete(ar -> {
                    long now = System.nanoTime();
                    if (ar.failed() || ar.result() != 200) {
                        errors.incrementAndGet();
                    } else if (start >= warmupEnd) {
                        if (n[0] == samples[0].length) {
                            samples[0] = Arrays.copyOf(samples[0], n[0] * 2);
                        }
                        samples[0][n[0]++] = now - start;
                    }
                    loop(client, port, path, body, counter, warmupEnd, end, samples, n, errors, finished);
                });
    }

    private static String report(List<Result> results, int seconds, int backends, int clusters, double loadBefore) {
        double loadAfter = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        StringBuilder sb = new StringBuilder();
        sb.append("# Sidecar load report\n\n");
        sb.append(String.format(Locale.ROOT, "Run %s on %d CPU(s), Java %s. Each scenario: closed loop, warm-up then %d s;"
                        + " backend, sidecar and load generator in one JVM on loopback. Table: llmrouter, %d backends,"
                        + " k = %d. Added = sidecar minus direct at the same concurrency. System load average"
                        + " %.1f before, %.1f after (other processes share the CPUs).%n%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds,
                backends, clusters, loadBefore, loadAfter));
        sb.append("| scenario | clients | req/s | p50 ms | p90 ms | p99 ms | added p50 ms | added p99 ms | errors"
                + " | routed without embedding | embedded/s |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        Result direct = null;
        for (Result r : results) {
            if (r.scenario().startsWith("direct")) {
                direct = r;
            }
            Result d = direct;
            boolean embeds = r.scenario().contains("new");
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.3f | %.3f | %.3f | %s | %s | %d | %s | %s |%n",
                    r.scenario(), r.concurrency(), r.rps(), r.pctMs(0.5), r.pctMs(0.9), r.pctMs(0.99),
                    r == d || d == null ? "—" : String.format(Locale.ROOT, "%.3f", r.pctMs(0.5) - d.pctMs(0.5)),
                    r == d || d == null ? "—" : String.format(Locale.ROOT, "%.3f", r.pctMs(0.99) - d.pctMs(0.99)), r.errors(),
                    embeds ? String.format(Locale.ROOT, "%.1f%%", 100 * r.unembeddedShare()) : "—",
                    embeds ? String.format(Locale.ROOT, "%.0f", r.embeddedRps()) : "—"));
        }
        return sb.toString();
    }
}
