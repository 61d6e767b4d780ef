package io.uniroute.replay;

import com.sun.net.httpserver.HttpServer;
import io.uniroute.core.dataset.Dataset;
import io.uniroute.replay.answers.AnswerBook;
import io.uniroute.replay.answers.GradedPrompt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SIMULATION of LLMs, not a model: an OpenAI-compatible HTTP server that replays real models'
 * recorded results from a format v1 dataset. For a known prompt, model M answers with the reference
 * answer where M's recorded score is ≥ 0.5 and with a plausible wrong answer otherwise, so grading
 * with {@link #gradedPrompts()} recovers M's record; unknown prompts get a deterministic answer
 * whose correctness follows M's overall accuracy. Token counts, logprobs and latency are simulated.
 * See docs/replay.md for the answer formats and the endpoints.
 *
 * <pre>{@code
 * try (ReplayServer server = ReplayServer.builder(BundledDatasets.llmrouterMini())
 *         .models(List.of("gemma-2-9b-it", "qwen2.5-7b-instruct"))
 *         .latency("qwen2.5-7b-instruct", Duration.ofMillis(50))
 *         .start()) {
 *     URI base = server.baseUrl();   // http://127.0.0.1:PORT/v1 — an OpenAI base URL
 * }
 * }</pre>
 *
 * Thread-safe. Behaviour (latency, faults) can be changed while serving with {@link #setBehaviour}.
 */
public final class ReplayServer implements AutoCloseable {

    static {
        // The JDK server writes headers and body as separate segments; with Nagle's algorithm on,
        // each response then waits for the client's delayed ACK (~40 ms). The property is read once,
        // when the JDK's HTTP server is first used in this JVM, so set it as early as we can.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer http;
    private final ExecutorService workers;
    private final SimulatedModels models;
    private final String host;

    private ReplayServer(HttpServer http, ExecutorService workers, SimulatedModels models, String host) {
        this.http = http;
        this.workers = workers;
        this.models = models;
        this.host = host;
    }

    public static Builder builder(Dataset dataset) {
        return new Builder(dataset);
    }

    /** The OpenAI base URL, {@code http://host:port/v1} (the endpoints also answer without {@code /v1}). */
    public URI baseUrl() {
        return URI.create(rootUrl() + "/v1");
    }

    /** {@code http://host:port}, where {@code /healthz} lives. */
    public URI rootUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port());
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The served model names, in the dataset's order. */
    public List<String> models() {
        return models.names();
    }

    /** The answers behind the simulation: lookups, per-model accuracy, grading specs. */
    public AnswerBook answers() {
        return models.answers();
    }

    /** For each dataset prompt: the message to send, the grader and the reference that recover each model's record. */
    public List<GradedPrompt> gradedPrompts() {
        return models.answers().gradedPrompts();
    }

    public ModelBehaviour behaviour(String model) {
        return models.behaviour(model);
    }

    /** Replaces a served model's behaviour; takes effect for the next request. */
    public void setBehaviour(String model, ModelBehaviour behaviour) {
        models.setBehaviour(model, Objects.requireNonNull(behaviour, "behaviour"));
    }

    /** Replaces a served judge's behaviour (noise, garbage); takes effect for the next request. */
    public void setJudgeBehaviour(String judge, JudgeBehaviour behaviour) {
        models.setJudgeBehaviour(judge, Objects.requireNonNull(behaviour, "behaviour"));
    }

    /** Whether a served name is a replay judge (a simulation) rather than a replayed model. */
    public boolean isJudge(String model) {
        return models.isJudge(model);
    }

    public void setFaults(String model, FaultPlan faults) {
        setBehaviour(model, behaviour(model).withFaults(faults));
    }

    public void setLatency(String model, Duration latency) {
        setBehaviour(model, behaviour(model).withLatency(latency));
    }

    /** Completion requests (chat or text) received for the model, faulted ones included. */
    public long requestCount(String model) {
        return models.requestCount(model);
    }

    /** Requests of the model that got an injected fault. */
    public long faultCount(String model) {
        return models.faultCount(model);
    }

    /** Stops at once: open requests (hangs and latencies included) are cut off. */
    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
    }

    /** Configures a {@link ReplayServer}; every setting has a default (all models, no latency, no fault, loopback, a free port). */
    public static final class Builder {

        private final Dataset dataset;
        private String host = "127.0.0.1";
        private int port;
        private List<String> modelNames;
        private String apiKey;
        private long seed;
        private ModelBehaviour defaults = ModelBehaviour.DEFAULT;
        private final Map<String, Duration> latencies = new HashMap<>();
        private final Map<String, Duration> tokenIntervals = new HashMap<>();
        private final Map<String, FaultPlan> faultPlans = new HashMap<>();
        private final Map<String, JudgeBehaviour> judges = new java.util.LinkedHashMap<>();

        private Builder(Dataset dataset) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** Serves only these dataset models (default: all). */
        public Builder models(Collection<String> names) {
            List<String> unknown = names.stream().filter(n -> dataset.model(n).isEmpty()).toList();
            if (!unknown.isEmpty() || names.isEmpty()) {
                throw new IllegalArgumentException("unknown model(s) " + unknown + "; dataset " + dataset.name()
                        + " has " + dataset.modelNames());
            }
            this.modelNames = List.copyOf(new LinkedHashSet<>(names));
            return this;
        }

        /** Requires {@code Authorization: Bearer <apiKey>} on every /v1 endpoint (401 otherwise). */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Seeds fault draws and logprob noise (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Latency of every model without its own. */
        public Builder latency(Duration latency) {
            defaults = defaults.withLatency(latency);
            return this;
        }

        public Builder latency(String model, Duration latency) {
            latencies.put(model, Objects.requireNonNull(latency));
            return this;
        }

        /** Pause between stream chunks of every model without its own. */
        public Builder tokenInterval(Duration interval) {
            defaults = defaults.withTokenInterval(interval);
            return this;
        }

        public Builder tokenInterval(String model, Duration interval) {
            tokenIntervals.put(model, Objects.requireNonNull(interval));
            return this;
        }

        /** Faults of every model without its own plan. */
        public Builder faults(FaultPlan faults) {
            defaults = defaults.withFaults(faults);
            return this;
        }

        public Builder faults(String model, FaultPlan faults) {
            faultPlans.put(model, Objects.requireNonNull(faults));
            return this;
        }

        /**
         * Also serves {@code name} as a judge: a SIMULATION of an LLM judge that answers a
         * {@link io.uniroute.core.grading.judge.JudgePrompt} from the record (see {@link ReplayJudge}).
         * The name must not be one of the dataset's models.
         */
        public Builder judge(String name, JudgeBehaviour behaviour) {
            if (dataset.model(name).isPresent()) {
                throw new IllegalArgumentException("judge name '" + name + "' is a model of dataset " + dataset.name());
            }
            judges.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(behaviour, "behaviour"));
            return this;
        }

        /** Binds and starts serving. */
        public ReplayServer start() {
            List<String> names = new ArrayList<>(modelNames != null ? modelNames : dataset.modelNames());
            names.addAll(judges.keySet());
            List<String> stray = new ArrayList<>();
            for (Map<String, ?> m : List.of(latencies, tokenIntervals, faultPlans)) {
                m.keySet().stream().filter(k -> !names.contains(k)).forEach(stray::add);
            }
            if (!stray.isEmpty()) {
                throw new IllegalArgumentException("settings for models not served: " + stray + "; serving " + names);
            }
            Map<String, ModelBehaviour> behaviours = new HashMap<>();
            for (String m : names) {
                behaviours.put(m, new ModelBehaviour(latencies.getOrDefault(m, defaults.latency()),
                        tokenIntervals.getOrDefault(m, defaults.tokenInterval()),
                        faultPlans.getOrDefault(m, defaults.faults())));
            }
            SimulatedModels models = new SimulatedModels(new AnswerBook(dataset), names, behaviours, judges, seed);
            AtomicInteger threads = new AtomicInteger();
            ExecutorService workers = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "replay-http-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 128);
                http.createContext("/", new OpenAiEndpoints(models, apiKey));
                http.setExecutor(workers);
                http.start();
                String advertised = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
                return new ReplayServer(http, workers, models, advertised);
            } catch (IOException e) {
                workers.shutdownNow();
                throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
            }
        }
    }
}
