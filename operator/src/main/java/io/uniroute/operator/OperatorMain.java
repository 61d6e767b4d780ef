package io.uniroute.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.operator.injection.WebhookServer;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/uniroute operator [options]}: runs against the current kubeconfig, or in-cluster with
 * its service account (the fabric8 client picks whichever is present). Every option also comes from
 * the environment the Helm chart sets (docs/install.md); a flag wins over its variable.
 */
public final class OperatorMain {

    static final String USAGE = """
            usage: bin/uniroute operator [--namespace ns[,ns...]] [--metrics-port 8080] [--health-port 8081]
                                         [--leader-election] [--lease-name NAME] [--lease-namespace NS]
              --namespace        namespaces to watch (env UNIROUTE_WATCH_NAMESPACES; default: all)
              --metrics-port     GET /metrics, Prometheus text (env UNIROUTE_METRICS_PORT; default 8080)
              --health-port      GET /healthz and /readyz (env UNIROUTE_HEALTH_PORT; default 8081; may equal the metrics port)
              --leader-election  hold a Lease before reconciling (env UNIROUTE_LEADER_ELECTION=true)
              --lease-name       the Lease (env UNIROUTE_LEADER_ELECTION_LEASE; default uniroute-operator)
              --lease-namespace  its namespace (env POD_NAMESPACE; default: the client's namespace)
            The sidecar-injection webhook starts when UNIROUTE_WEBHOOK_ENABLED=true (docs/install.md).""";

    private OperatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--namespace", "--metrics-port", "--health-port", "--lease-name", "--lease-namespace" -> {
                    if (i + 1 >= args.length) {
                        fail("option " + args[i] + " needs a value");
                    }
                    opts.put(args[i], args[++i]);
                }
                case "--leader-election" -> opts.put(args[i], "true");
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> fail("unknown option " + args[i] + " (try --help)");
            }
        }
        String logLevel = env.get("UNIROUTE_LOG_LEVEL");
        if (logLevel != null && !logLevel.isBlank()) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", logLevel.toLowerCase(java.util.Locale.ROOT));
        }
        Set<String> namespaces = new HashSet<>();
        String ns = option(opts, "--namespace", env, "UNIROUTE_WATCH_NAMESPACES", "");
        Arrays.stream(ns.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(namespaces::add);
        int metricsPort = port(option(opts, "--metrics-port", env, "UNIROUTE_METRICS_PORT", "8080"));
        int healthPort = port(option(opts, "--health-port", env, "UNIROUTE_HEALTH_PORT", "8081"));
        boolean leaderElection = Boolean.parseBoolean(option(opts, "--leader-election", env, "UNIROUTE_LEADER_ELECTION", "false"));
        String leaseName = option(opts, "--lease-name", env, "UNIROUTE_LEADER_ELECTION_LEASE", "uniroute-operator");
        String leaseNamespace = option(opts, "--lease-namespace", env, "POD_NAMESPACE", "");

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        KubernetesClient client = new KubernetesClientBuilder().build();
        LeaderElectionConfiguration election = !leaderElection ? null : leaseNamespace.isEmpty()
                ? new LeaderElectionConfiguration(leaseName) : new LeaderElectionConfiguration(leaseName, leaseNamespace);
        OperatorSettings settings = OperatorSettings.defaults().withNamespaces(namespaces);
        UnirouteOperator operator = UnirouteOperator.create(client, registry, settings, MiniLmEmbedder::new, election);
        HealthServer http = new HealthServer(new InetSocketAddress(metricsPort), new InetSocketAddress(healthPort), registry,
                operator::healthy);
        Optional<WebhookServer> webhook = WebhookServer.startFromEnv(client, env);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            webhook.ifPresent(WebhookServer::close);
            operator.close();
            http.close();
            client.close();
            stopped.countDown();
        }, "uniroute-shutdown"));
        try {
            operator.start();
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            fail("cannot start against the Kubernetes API at " + client.getMasterUrl() + ": "
                    + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage())
                    + "; check the kubeconfig (or the in-cluster service account) and that the CRDs in crds/ are installed");
        }
        stopped.await();
    }

    private static String option(Map<String, String> opts, String flag, Map<String, String> env, String var, String dflt) {
        String v = opts.get(flag);
        if (v == null) {
            v = env.get(var);
        }
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail("'" + text + "' is not a port (0..65535)");
        return -1;
    }

    private static void fail(String message) {
        System.err.println("uniroute operator: " + message);
        System.exit(message.startsWith("cannot start") ? 1 : 2);
    }
}
