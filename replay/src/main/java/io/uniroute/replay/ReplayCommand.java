package io.uniroute.replay;

import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.dataset.DatasetFormatException;
import io.uniroute.core.dataset.DatasetReader;
import io.uniroute.replay.datasets.BundledDatasets;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * {@code bin/uniroute replay}: serves a dataset's models as OpenAI-compatible replay backends — a
 * SIMULATION from recorded results — until killed. Flags taking a value per model accept either one
 * value for all models or {@code model=value,model=value}.
 */
public final class ReplayCommand {

    static final String USAGE = """
            usage: bin/uniroute replay [--dataset DIR|bundled] [--port P] [--host H] [--models a,b]
                                       [--latency-ms N|m=N,..] [--token-interval-ms N|m=N,..]
                                       [--error-rate X|m=X,..] [--rate-limit-rate X|m=X,..]
                                       [--garbage-rate X|m=X,..] [--hang-rate X|m=X,..] [--hang-ms N]
                                       [--api-key-env VAR] [--seed N]
                                       [--judge NAME [--judge-disagreement X] [--judge-garbage true]]
            A SIMULATION of LLMs: each model answers a known prompt right exactly where its recorded
            score is >= 0.5, from a dataset in uniroute format v1 (default: the bundled llmrouter-mini).
              --dataset      a format v1 folder, or 'bundled' (default)
              --port         port to listen on (default 8000; 0 = any free port)
              --host         address to bind (default 127.0.0.1)
              --models       serve only these models (default: all of the dataset)
              --latency-ms   delay before each answer; --token-interval-ms between stream chunks
              --*-rate       injected faults: 500s, 429s, non-JSON bodies, hangs (then hang-up after --hang-ms)
              --api-key-env  require 'Authorization: Bearer <key>', the key read from this environment variable
              --seed         seeds fault draws and simulated logprobs (default 0)
              --judge        also serve NAME as a judge (a SIMULATION of an LLM judge): it answers the
                             judge grader's prompt from the record; --judge-disagreement flips that share
                             of verdicts (a noisy judge), --judge-garbage true replies with prose
            """;

    private ReplayCommand() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(USAGE);
            return;
        }
        ReplayServer server;
        try {
            server = configure(args, System::getenv).start();
        } catch (IllegalArgumentException | DatasetFormatException | UncheckedIOException e) {
            System.err.println("uniroute replay: " + e.getMessage());
            System.err.println("(bin/uniroute replay --help lists the flags)");
            System.exit(2);
            return;
        }
        describe(server, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "replay-shutdown"));
        stopped.await();
    }

    static void describe(ReplayServer server, PrintStream out) {
        out.println("uniroute replay: a SIMULATION of " + server.models().size()
                + " LLM(s) replaying recorded results of dataset " + server.answers().dataset().name()
                + " (" + server.answers().dataset().prompts().size() + " prompts) - not real models");
        out.println("OpenAI base URL: " + server.baseUrl());
        for (String m : server.models()) {
            ModelBehaviour b = server.behaviour(m);
            if (server.isJudge(m)) {
                out.printf("  %-34s judge (simulated from the record)%n", m);
                continue;
            }
            out.printf("  %-34s accuracy %.3f  latency %d ms%s%n", m, server.answers().accuracy(m),
                    b.latency().toMillis(), b.faults().equals(FaultPlan.NONE) ? "" : "  faults " + b.faults());
        }
        out.println("Ctrl-C to stop.");
        out.flush();
    }

    /** Parses the flags into a builder (not started); {@code env} resolves --api-key-env. */
    static ReplayServer.Builder configure(String[] args, Function<String, String> env) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("flag --" + name + " needs a value");
            }
            if (flags.put(name, value) != null) {
                throw new IllegalArgumentException("flag --" + name + " given twice");
            }
        }
        List<String> known = List.of("dataset", "port", "host", "models", "seed", "api-key-env", "hang-ms", "latency-ms",
                "token-interval-ms", "error-rate", "rate-limit-rate", "garbage-rate", "hang-rate", "judge", "judge-disagreement",
                "judge-garbage");
        flags.keySet().stream().filter(f -> !known.contains(f)).findFirst().ifPresent(f -> {
            throw new IllegalArgumentException("unknown flag --" + f);
        });
        String datasetArg = flags.getOrDefault("dataset", "bundled");
        Dataset dataset = datasetArg.equals("bundled") || BundledDatasets.names().contains(datasetArg)
                ? BundledDatasets.load(datasetArg.equals("bundled") ? BundledDatasets.LLMROUTER_MINI : datasetArg)
                : new DatasetReader().read(Path.of(datasetArg));
        ReplayServer.Builder b = ReplayServer.builder(dataset)
                .port(integer("port", flags.getOrDefault("port", "8000")))
                .host(flags.getOrDefault("host", "127.0.0.1"))
                .seed(integer("seed", flags.getOrDefault("seed", "0")));
        List<String> served = dataset.modelNames();
        if (flags.containsKey("models")) {
            served = List.of(flags.get("models").split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            b.models(served);
        }
        if (flags.containsKey("api-key-env")) {
            String key = env.apply(flags.get("api-key-env"));
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("environment variable " + flags.get("api-key-env") + " is empty or unset");
            }
            b.apiKey(key);
        }
        Map<String, FaultPlan> plans = new LinkedHashMap<>();
        served.forEach(m -> plans.put(m, FaultPlan.NONE));
        Duration hang = Duration.ofMillis(integer("hang-ms", flags.getOrDefault("hang-ms",
                Long.toString(FaultPlan.DEFAULT_HANG.toMillis()))));
        perModel(flags, "latency-ms", served, (m, v) -> b.latency(m, Duration.ofMillis(nonNegative("latency-ms", v))));
        perModel(flags, "token-interval-ms", served,
                (m, v) -> b.tokenInterval(m, Duration.ofMillis(nonNegative("token-interval-ms", v))));
        perModel(flags, "error-rate", served, (m, v) -> plans.put(m, plans.get(m).withErrorRate(rate("error-rate", v))));
        perModel(flags, "rate-limit-rate", served, (m, v) -> plans.put(m, plans.get(m).withRateLimitRate(rate("rate-limit-rate", v))));
        perModel(flags, "garbage-rate", served, (m, v) -> plans.put(m, plans.get(m).withGarbageRate(rate("garbage-rate", v))));
        perModel(flags, "hang-rate", served, (m, v) -> plans.put(m, plans.get(m).withHang(rate("hang-rate", v), hang)));
        plans.forEach((m, p) -> b.faults(m, p.withHang(p.hangRate(), hang)));
        if (flags.containsKey("judge")) {
            double noise = flags.containsKey("judge-disagreement") ? rate("judge-disagreement", flags.get("judge-disagreement")) : 0;
            String garbage = flags.getOrDefault("judge-garbage", "false");
            if (!garbage.equals("true") && !garbage.equals("false")) {
                throw new IllegalArgumentException("--judge-garbage must be true or false, was " + garbage);
            }
            b.judge(flags.get("judge").strip(), new JudgeBehaviour(noise, garbage.equals("true")));
        } else if (flags.containsKey("judge-disagreement") || flags.containsKey("judge-garbage")) {
            throw new IllegalArgumentException("--judge-disagreement and --judge-garbage need --judge NAME");
        }
        return b;
    }

    /** Applies "V" to every served model, or "m=V,m2=V2" to the named ones. */
    private static void perModel(Map<String, String> flags, String flag, List<String> served, BiConsumer<String, String> apply) {
        String value = flags.get(flag);
        if (value == null) {
            return;
        }
        if (!value.contains("=")) {
            served.forEach(m -> apply.accept(m, value.strip()));
            return;
        }
        for (String part : value.split(",")) {
            int eq = part.lastIndexOf('=');
            String model = eq < 0 ? "" : part.substring(0, eq).strip();
            if (!served.contains(model)) {
                throw new IllegalArgumentException("--" + flag + ": '" + part + "' does not name a served model " + served);
            }
            apply.accept(model, part.substring(eq + 1).strip());
        }
    }

    private static double rate(String flag, String v) {
        try {
            double d = Double.parseDouble(v);
            if (!(d >= 0 && d <= 1)) {
                throw new IllegalArgumentException("--" + flag + " must be in [0, 1], was " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + ": not a number: " + v);
        }
    }

    private static int integer(String flag, String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + ": not an integer: " + v);
        }
    }

    private static long nonNegative(String flag, String v) {
        int n = integer(flag, v);
        if (n < 0) {
            throw new IllegalArgumentException("--" + flag + " must not be negative");
        }
        return n;
    }
}
