package io.uniroute.sidecar;

import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.core.embedding.OnnxThreads;
import io.uniroute.core.embedding.PromptText;
import io.uniroute.core.embedding.TextWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the sidecar is told at start, from flags or environment variables (a flag wins).
 * Each flag {@code --foo-bar} has the variable {@code UNIROUTE_FOO_BAR}.
 *
 * @param tableFiles   routing tables mounted as files (watched)
 * @param configMaps   routing tables published by the operator, as {@code namespace/name} (watched)
 * @param kubeApiUrl   the Kubernetes API base URL; empty means $KUBECONFIG, ~/.kube/config, or in a pod its service account
 * @param apiKeyDir    where relative ApiKeyRef files are resolved (a mounted Secret)
 * @param embedText    which text is embedded: {@code last-user} (default), {@code all-user}, {@code all}
 * @param firstByteTimeout a backend's time-to-first-byte limit when its table entry has no {@code timeoutMillis}
 * @param embedMaxWait the longest a new prompt may wait for an embedding worker; past it the request is
 *                     routed without its embedding (the overload rule)
 * @param embedder     the embedder id, naming its text window (a table made with another is refused)
 * @param gateway      gateway mode ({@code --mode gateway}): a shared Deployment for many clients, which
 *                     must authenticate them (client keys) unless {@code allowUnauthenticated}
 * @param policyNamespace serve every routing-table ConfigMap the operator publishes in this namespace
 *                     (one informer with a label selector; tables come and go with their policies)
 * @param policies     with {@code policyNamespace}: only these policies (empty: all)
 * @param clientKeysDir a mounted Secret of client bearer keys, one file per key, the file name is the
 *                     key's name; when set, {@code /v1/*} needs {@code Authorization: Bearer <key>}
 * @param allowUnauthenticated let gateway mode start without client keys (explicit opt-out)
 * @param embedIntraOpThreads ONNX Runtime threads of an embedding that starts while no other is running
 *                     (one that starts beside others gets one thread); never changes the vector
 * @param shutdownDelay on a stop, how long {@code /readyz} answers 503 while everything is still served,
 *                     before the listener closes: a Service's endpoints and the proxies that follow them
 *                     still send new connections for a moment after SIGTERM (gateway default
 *                     {@value #GATEWAY_SHUTDOWN_DELAY_MS} ms; sidecar default 0: its client is on localhost)
 */
public record SidecarConfig(
        String host,
        int port,
        List<Path> tableFiles,
        List<String> configMaps,
        Optional<String> kubeApiUrl,
        Path kubeTokenFile,
        Path kubeCaFile,
        Path apiKeyDir,
        Map<String, String> env,
        int maxBodyBytes,
        Duration connectTimeout,
        Duration upstreamIdleTimeout,
        Duration pollInterval,
        String embedText,
        int embedCacheEntries,
        int instances,
        int embedWorkers,
        Duration firstByteTimeout,
        Duration embedMaxWait,
        String embedder,
        boolean gateway,
        Optional<String> policyNamespace,
        List<String> policies,
        Optional<Path> clientKeysDir,
        boolean allowUnauthenticated,
        int embedIntraOpThreads,
        Duration shutdownDelay) {

    /** The gateway's default {@code --shutdown-delay-ms}: endpoint removal reaching kube-proxy and ingresses. */
    public static final int GATEWAY_SHUTDOWN_DELAY_MS = 5000;

    public static final Path SA_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    public SidecarConfig {
        tableFiles = List.copyOf(tableFiles);
        configMaps = List.copyOf(configMaps);
        env = Map.copyOf(env);
        policies = List.copyOf(policies);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (firstByteTimeout.isNegative() || firstByteTimeout.isZero() || embedMaxWait.isNegative()) {
            throw new IllegalArgumentException("first-byte-timeout-ms must be > 0 and embed-max-wait-ms >= 0");
        }
        if (embedIntraOpThreads < 1) {
            throw new IllegalArgumentException("embed-intra-op-threads must be >= 1, was " + embedIntraOpThreads);
        }
        if (shutdownDelay.isNegative() || shutdownDelay.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("shutdown-delay-ms must be in 0..600000, was " + shutdownDelay.toMillis());
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("max body size must be at least 1024 bytes");
        }
        PromptText.Mode.parse(embedText);
        if (MiniLmEmbedder.windowOf(embedder).isEmpty()) {
            throw new IllegalArgumentException("embedder must be " + MiniLmEmbedder.MODEL + " or " + MiniLmEmbedder.MODEL
                    + "/<window> (head-N, tail-N, headtail-H-N, pool-NxW), was " + embedder);
        }
        for (String cm : configMaps) {
            if (!cm.matches("[a-z0-9.-]+/[a-z0-9.-]+")) {
                throw new IllegalArgumentException("config map must be namespace/name, was " + cm);
            }
        }
        if (policyNamespace.isPresent() && !policyNamespace.get().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new IllegalArgumentException("policy namespace must be a namespace name, was " + policyNamespace.get());
        }
        if (!policies.isEmpty() && policyNamespace.isEmpty()) {
            throw new IllegalArgumentException("--policies needs --policy-namespace");
        }
        for (String p : policies) {
            if (!p.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") || p.length() > 63) {
                throw new IllegalArgumentException("--policies must be RoutingPolicy names, was " + p);
            }
        }
    }

    /** Why this configuration must not start, if it must not: gateway mode without client keys. */
    public Optional<String> refusal() {
        if (gateway && clientKeysDir.isEmpty() && !allowUnauthenticated) {
            return Optional.of("gateway mode serves clients over the network and needs their keys: give --client-keys-dir"
                    + " (a mounted Secret, one file per key) or, knowingly, --allow-unauthenticated");
        }
        return Optional.empty();
    }

    /** Whether any table source is given. */
    public boolean hasTableSource() {
        return !tableFiles.isEmpty() || !configMaps.isEmpty() || policyNamespace.isPresent();
    }

    /** Defaults for tests and embedding: loopback, an ephemeral port, no table source. */
    public static SidecarConfig defaults() {
        return parse(new String[] {"--host", "127.0.0.1", "--port", "0"}, Map.of());
    }

    public SidecarConfig withTableFiles(List<Path> files) {
        return new SidecarConfig(host, port, files, configMaps, kubeApiUrl, kubeTokenFile, kubeCaFile, apiKeyDir, env,
                maxBodyBytes, connectTimeout, upstreamIdleTimeout, pollInterval, embedText, embedCacheEntries, instances,
                embedWorkers, firstByteTimeout, embedMaxWait, embedder,
                gateway, policyNamespace, policies, clientKeysDir, allowUnauthenticated, embedIntraOpThreads, shutdownDelay);
    }

    public SidecarConfig withLimits(int maxBody, Duration idleTimeout, Duration poll) {
        return new SidecarConfig(host, port, tableFiles, configMaps, kubeApiUrl, kubeTokenFile, kubeCaFile, apiKeyDir,
                env, maxBody, connectTimeout, idleTimeout, poll, embedText, embedCacheEntries, instances, embedWorkers,
                firstByteTimeout, embedMaxWait, embedder,
                gateway, policyNamespace, policies, clientKeysDir, allowUnauthenticated, embedIntraOpThreads, shutdownDelay);
    }

    public SidecarConfig withKeys(Path dir, Map<String, String> environment) {
        return new SidecarConfig(host, port, tableFiles, configMaps, kubeApiUrl, kubeTokenFile, kubeCaFile, dir,
                environment, maxBodyBytes, connectTimeout, upstreamIdleTimeout, pollInterval, embedText,
                embedCacheEntries, instances, embedWorkers, firstByteTimeout, embedMaxWait, embedder,
                gateway, policyNamespace, policies, clientKeysDir, allowUnauthenticated, embedIntraOpThreads, shutdownDelay);
    }

    public SidecarConfig withResilience(Duration firstByte, Duration maxEmbedWait) {
        return new SidecarConfig(host, port, tableFiles, configMaps, kubeApiUrl, kubeTokenFile, kubeCaFile, apiKeyDir,
                env, maxBodyBytes, connectTimeout, upstreamIdleTimeout, pollInterval, embedText, embedCacheEntries,
                instances, embedWorkers, firstByte, maxEmbedWait, embedder,
                gateway, policyNamespace, policies, clientKeysDir, allowUnauthenticated, embedIntraOpThreads, shutdownDelay);
    }

    /** Gateway settings: mode, the namespace (and policies) served, the client keys. */
    public SidecarConfig withGateway(boolean gatewayMode, Optional<String> namespace, List<String> served,
            Optional<Path> keysDir, boolean allowWithoutKeys) {
        return new SidecarConfig(host, port, tableFiles, configMaps, kubeApiUrl, kubeTokenFile, kubeCaFile, apiKeyDir,
                env, maxBodyBytes, connectTimeout, upstreamIdleTimeout, pollInterval, embedText, embedCacheEntries,
                instances, embedWorkers, firstByteTimeout, embedMaxWait, embedder,
                gatewayMode, namespace, served, keysDir, allowWithoutKeys, embedIntraOpThreads, shutdownDelay);
    }

    public static final String USAGE = """
            usage: bin/uniroute sidecar [options]   (each also as env UNIROUTE_<OPTION>, e.g. UNIROUTE_PORT)
              --host H               listen address (default 0.0.0.0)
              --port N               listen port (default 8080)
              --table-file PATH      a routing.json to serve and watch (repeatable or comma-separated)
              --config-map NS/NAME   a ConfigMap the operator publishes, watched via the API (repeatable)
              --kube-api-url URL     Kubernetes API base URL (default: env KUBECONFIG or ~/.kube/config, else in-cluster)
              --kube-token-file P    bearer token file with --kube-api-url, re-read per request (default the service account's)
              --kube-ca-file P       CA certificate file with --kube-api-url (default the service account's)
              --api-key-dir DIR      where ApiKeyRef files are mounted (default /etc/uniroute/keys)
              --max-body-bytes N     largest request body accepted (default 1048576)
              --connect-timeout-ms N connect timeout to a backend (default 2000)
              --upstream-timeout-ms N  idle timeout on a backend response (default 60000)
              --first-byte-timeout-ms N  time-to-first-byte limit of a backend whose table entry has no
                                     timeoutMillis (default 30000); past it the next backend is tried
              --poll-interval-ms N   table source poll interval (default 1000)
              --embed-text MODE      last-user | all-user | all (default last-user); a table whose
                                     prompts were embedded with another (its embedder.embedText) is refused
              --embed-cache N        embedding cache entries (default 10000)
              --instances N          verticle instances (default: number of CPUs)
              --embed-workers N      embedding worker threads (default: number of CPUs)
              --embed-max-wait-ms N  longest wait for an embedding worker (default 50); a request that
                                     would wait longer is routed without its embedding (overload)
              --embedder ID          all-minilm-l6-v2-q/<window>, the text window the tables were made
                                     with (default DEFAULT_EMBEDDER; all-minilm-l6-v2-q = head-128)
              --embed-intra-op-threads N  ONNX Runtime threads of an embedding that starts while no
                                     other runs (default 1); beside others each gets one
            gateway (bin/uniroute gateway = --mode gateway):
              --mode M               sidecar (default) or gateway: a shared router for many clients; it
                                     refuses to start without --client-keys-dir unless --allow-unauthenticated
              --policy-namespace NS  serve every routing-table ConfigMap the operator publishes in NS
                                     (one watch; tables appear and disappear with their policies)
              --policies A,B         with --policy-namespace: only these policies
              --client-keys-dir DIR  client bearer keys, one file per key (a mounted Secret); the file name
                                     is the key's name (metric label, log field); /v1/* then needs
                                     Authorization: Bearer <key>
              --allow-unauthenticated   gateway mode without client keys (anyone who reaches it may call)
            stopping:
              --shutdown-delay-ms N  on SIGTERM, /readyz answers 503 and everything is still served for N ms
                                     before the listener closes and requests in flight get up to 25 s
                                     (default 5000 in gateway mode, 0 in sidecar mode)
            """.replace("DEFAULT_EMBEDDER", MiniLmEmbedder.idFor(TextWindow.DEFAULT));

    /** Flags that may stand alone, meaning true. */
    private static final java.util.Set<String> SWITCHES = java.util.Set.of("allow-unauthenticated");

    public static SidecarConfig parse(String[] args, Map<String, String> env) {
        Map<String, List<String>> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (SWITCHES.contains(name) && (i + 1 >= args.length || args[i + 1].startsWith("--"))) {
                value = "true"; // a switch given alone
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            flags.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        Lookup l = new Lookup(flags, env);
        int cpus = Runtime.getRuntime().availableProcessors();
        String kubeUrl = l.one("kube-api-url", "");
        return new SidecarConfig(
                l.one("host", "0.0.0.0"),
                l.integer("port", 8080),
                l.list("table-file").stream().map(Path::of).toList(),
                l.list("config-map"),
                kubeUrl.isBlank() ? Optional.empty() : Optional.of(kubeUrl),
                Path.of(l.one("kube-token-file", SA_DIR.resolve("token").toString())),
                Path.of(l.one("kube-ca-file", SA_DIR.resolve("ca.crt").toString())),
                Path.of(l.one("api-key-dir", "/etc/uniroute/keys")),
                env,
                l.integer("max-body-bytes", 1 << 20),
                Duration.ofMillis(l.integer("connect-timeout-ms", 2000)),
                Duration.ofMillis(l.integer("upstream-timeout-ms", 60_000)),
                Duration.ofMillis(l.integer("poll-interval-ms", 1000)),
                l.one("embed-text", "last-user"),
                l.integer("embed-cache", 10_000),
                l.integer("instances", cpus),
                l.integer("embed-workers", cpus),
                Duration.ofMillis(l.integer("first-byte-timeout-ms", 30_000)),
                Duration.ofMillis(l.integer("embed-max-wait-ms", 50)),
                l.one("embedder", MiniLmEmbedder.idFor(TextWindow.DEFAULT)),
                gateway(l.one("mode", "sidecar")),
                l.raw("policy-namespace").filter(s -> !s.isBlank()),
                l.list("policies"),
                l.raw("client-keys-dir").filter(s -> !s.isBlank()).map(Path::of),
                l.bool("allow-unauthenticated"),
                l.integer("embed-intra-op-threads", OnnxThreads.defaults().alone()),
                Duration.ofMillis(l.integer("shutdown-delay-ms", gateway(l.one("mode", "sidecar")) ? GATEWAY_SHUTDOWN_DELAY_MS : 0)));
    }

    private static boolean gateway(String mode) {
        return switch (mode.trim()) {
            case "sidecar" -> false;
            case "gateway" -> true;
            default -> throw new IllegalArgumentException("--mode must be sidecar or gateway, was " + mode);
        };
    }

    private record Lookup(Map<String, List<String>> flags, Map<String, String> env) {
        Optional<String> raw(String name) {
            List<String> v = flags.get(name);
            if (v != null) {
                return Optional.of(v.get(v.size() - 1));
            }
            return Optional.ofNullable(env.get("UNIROUTE_" + name.toUpperCase().replace('-', '_')));
        }

        String one(String name, String dflt) {
            return raw(name).orElse(dflt);
        }

        int integer(String name, int dflt) {
            String v = one(name, String.valueOf(dflt));
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be an integer, was " + v);
            }
        }

        boolean bool(String name) {
            String v = one(name, "false").trim();
            return switch (v) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("--" + name + " must be true or false, was " + v);
            };
        }

        List<String> list(String name) {
            List<String> values = flags.containsKey(name) ? flags.get(name)
                    : raw(name).map(List::of).orElse(List.of());
            return values.stream().flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::trim)
                    .filter(s -> !s.isEmpty()).toList();
        }
    }
}
