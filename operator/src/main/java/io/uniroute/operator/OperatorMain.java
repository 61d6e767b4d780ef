package io.uniroute.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.uniroute.core.embedding.MiniLmEmbedder;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/uniroute operator [--namespace ns[,ns]] [--http-port 8080] [--leader-election]
 * [--lease-name uniroute-operator] [--lease-namespace ns]}: runs against the current kubeconfig,
 * or in-cluster with its service account (the fabric8 client picks whichever is present).
 */
public final class OperatorMain {

    private OperatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Set<String> namespaces = new HashSet<>();
        int port = 8080;
        boolean leaderElection = false;
        String leaseName = "uniroute-operator";
        String leaseNamespace = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--namespace" -> namespaces.addAll(Arrays.asList(value(args, ++i).split(",")));
                case "--http-port" -> port = Integer.parseInt(value(args, ++i));
                case "--leader-election" -> leaderElection = true;
                case "--lease-name" -> leaseName = value(args, ++i);
                case "--lease-namespace" -> leaseNamespace = value(args, ++i);
                case "-h", "--help" -> {
                    System.out.println("usage: bin/uniroute operator [--namespace ns[,ns...]] [--http-port 8080]"
                            + " [--leader-election] [--lease-name uniroute-operator] [--lease-namespace ns]\n"
                            + "Watches all namespaces unless --namespace is given; serves /metrics, /healthz, /readyz.");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        KubernetesClient client = new KubernetesClientBuilder().build();
        LeaderElectionConfiguration election = !leaderElection ? null : leaseNamespace == null
                ? new LeaderElectionConfiguration(leaseName) : new LeaderElectionConfiguration(leaseName, leaseNamespace);
        OperatorSettings settings = OperatorSettings.defaults().withNamespaces(namespaces);
        UnirouteOperator operator = UnirouteOperator.create(client, registry, settings, MiniLmEmbedder::new, election);
        HealthServer http = new HealthServer(new InetSocketAddress(port), registry, operator::healthy);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operator.close();
            http.close();
            client.close();
            stopped.countDown();
        }, "uniroute-shutdown"));
        operator.start();
        stopped.await();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            System.err.println("option " + args[i - 1] + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

}
