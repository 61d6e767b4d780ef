package io.uniroute.sidecar;

import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.core.embedding.OnnxThreads;
import io.uniroute.sidecar.metrics.SidecarMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code bin/uniroute sidecar} and {@code bin/uniroute gateway} ({@code --mode gateway}): parse the configuration, start Vert.x and the sidecar, stop on SIGTERM. */
public final class SidecarMain {

    private static final Logger LOG = LoggerFactory.getLogger(SidecarMain.class);

    private SidecarMain() {
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(SidecarConfig.USAGE);
            return;
        }
        SidecarConfig config;
        try {
            config = SidecarConfig.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("uniroute sidecar: " + e.getMessage());
            System.err.print(SidecarConfig.USAGE);
            System.exit(2);
            return;
        }
        if (!config.hasTableSource()) {
            System.err.println("uniroute " + mode(config) + ": give --table-file, --config-map or --policy-namespace"
                    + " (or UNIROUTE_TABLE_FILE / UNIROUTE_CONFIG_MAP / UNIROUTE_POLICY_NAMESPACE)");
            System.exit(2);
        }
        if (config.refusal().isPresent()) {
            System.err.println("uniroute " + mode(config) + ": " + config.refusal().get());
            System.exit(2);
        }
        // the sidecar caches embeddings itself (PromptEmbeddings); the window is the one the tables were made with
        var embedder = new MiniLmEmbedder(MiniLmEmbedder.windowOf(config.embedder()).orElseThrow(),
                OnnxThreads.whenAlone(config.embedIntraOpThreads()));
        // Vert.x's own metrics (HTTP server and client, pools, event loops) go to the same
        // Prometheus registry as the sidecar's, so /metrics shows both.
        SidecarMetrics metrics = new SidecarMetrics();
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                .build();
        Sidecar.start(vertx, config, embedder, metrics)
                .onSuccess(s -> {
                    LOG.info("uniroute {} listening on {}:{} ({} instances{})", mode(config), config.host(), s.port(),
                            config.instances(), config.clientKeysDir().isPresent() ? ", client keys required"
                                    : config.gateway() ? ", UNAUTHENTICATED" : "");
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        s.close().toCompletionStage().toCompletableFuture().join();
                        vertx.close().toCompletionStage().toCompletableFuture().join();
                    }, "uniroute-shutdown"));
                })
                .onFailure(e -> {
                    LOG.error("uniroute {} failed to start: {}", mode(config), e.getMessage());
                    vertx.close();
                    System.exit(1);
                });
    }

    private static String mode(SidecarConfig config) {
        return config.gateway() ? "gateway" : "sidecar";
    }
}
