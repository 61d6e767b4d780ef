package io.uniroute.sidecar.support;

import io.uniroute.core.clustering.KMeans;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.routing.FeatureVectors;
import io.uniroute.core.routing.NearestCentroidMap;
import io.uniroute.core.table.RoutingTable;
import io.uniroute.core.table.RoutingTableJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Routing tables made the way the operator makes them: real prompts embedded with the real
 * embedder, k-means (k = 2) centroids, and Ψ from per-prompt correctness. Two topics — arithmetic
 * and history — so a prompt's cluster is known.
 */
public final class TestTables {

    public static final List<String> MATH = List.of(
            "What is 17 times 23?", "Compute the derivative of x^3 + 2x.", "Solve for x: 3x + 5 = 20.",
            "What is the square root of 144?", "Integrate sin(x) from 0 to pi.", "What is 15% of 240?",
            "Factor the polynomial x^2 - 9.", "Is 97 a prime number?");
    public static final List<String> HISTORY = List.of(
            "Who was the first president of the United States?", "In which year did World War II end?",
            "Who wrote the Declaration of Independence?", "Which empire built Machu Picchu?",
            "When did the Berlin Wall fall?", "Who was Napoleon Bonaparte?",
            "Which pharaoh built the Great Pyramid of Giza?", "Why did the Roman Empire fall?");

    /** A backend's intent: error rate on each topic, and its price. */
    public record Spec(OpenAiTestBackend server, double mathError, double historyError, double costPerQueryUsd,
            RoutingTable.ApiKeyRef apiKey) {
        public Spec(OpenAiTestBackend server, double mathError, double historyError, double costPerQueryUsd) {
            this(server, mathError, historyError, costPerQueryUsd, null);
        }
    }

    private final Embedder embedder;
    private final float[][] centroids;
    private final List<float[]> validation = new ArrayList<>();
    private final int mathCluster;

    public TestTables(Embedder embedder) {
        this.embedder = embedder;
        List<String> all = new ArrayList<>(MATH);
        all.addAll(HISTORY);
        validation.addAll(embedder.embedAll(all));
        this.centroids = new KMeans(2, 42).fit(validation).centroids();
        this.mathCluster = KMeans.nearest(centroids, validation.get(0));
    }

    public int mathCluster() {
        return mathCluster;
    }

    public RoutingTable table(String policy, String strategy, double lambda, RoutingTable.Cascade cascade,
            RoutingTable.Fallback fallback, List<Spec> specs) {
        var map = new NearestCentroidMap(centroids);
        double maxCost = specs.stream().mapToDouble(Spec::costPerQueryUsd).max().orElse(1);
        List<RoutingTable.Backend> backends = new ArrayList<>();
        for (Spec s : specs) {
            double[] errors = new double[validation.size()];
            // The first round(rate × n) prompts of each topic are wrong: an exact per-topic error rate.
            int mathWrong = (int) Math.round(s.mathError() * MATH.size());
            int historyWrong = (int) Math.round(s.historyError() * HISTORY.size());
            for (int i = 0; i < MATH.size(); i++) {
                errors[i] = i < mathWrong ? 1 : 0;
            }
            for (int i = 0; i < HISTORY.size(); i++) {
                errors[MATH.size() + i] = i < historyWrong ? 1 : 0;
            }
            double[] psi = FeatureVectors.psi(map, validation, errors);
            backends.add(new RoutingTable.Backend(s.server().name, s.server().endpoint(), s.server().name + "-model",
                    psi, s.costPerQueryUsd(), s.costPerQueryUsd() / maxCost, 1 - (s.mathError() + s.historyError()) / 2,
                    s.apiKey()));
        }
        return new RoutingTable(RoutingTable.SCHEMA_VERSION, policy, "default", strategy,
                new RoutingTable.EmbedderRef(embedder.id(), embedder.dimension()),
                new RoutingTable.ClusterMapSpec(RoutingTable.ClusterMapSpec.NEAREST_CENTROID, centroids),
                backends, lambda, cascade, fallback, "2026-01-01T00:00:00Z");
    }

    /** The table with a backend's {@code timeoutMillis} (its time-to-first-byte limit) set. */
    public static RoutingTable withTimeout(RoutingTable t, String backend, long millis) {
        List<RoutingTable.Backend> backends = t.backends().stream().map(b -> !b.name().equals(backend) ? b
                : new RoutingTable.Backend(b.name(), b.endpoint(), b.model(), b.psi(), b.costPerQueryUsd(),
                        b.normalizedCost(), b.accuracy(), b.apiKey(), millis)).toList();
        return new RoutingTable(t.schemaVersion(), t.policy(), t.namespace(), t.strategy(), t.embedder(), t.clusterMap(),
                backends, t.costWeight(), t.cascade(), t.fallback(), t.generatedAt());
    }

    public static void write(Path file, RoutingTable table) throws Exception {
        Path tmp = Files.createTempFile(file.getParent(), "table", ".tmp");
        Files.writeString(tmp, new RoutingTableJson().write(table));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
