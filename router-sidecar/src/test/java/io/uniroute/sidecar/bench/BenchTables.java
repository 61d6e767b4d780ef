package io.uniroute.sidecar.bench;

import io.uniroute.core.clustering.KMeans;
import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.dataset.DatasetReader;
import io.uniroute.core.dataset.ModelInfo;
import io.uniroute.core.dataset.PromptRecord;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.routing.FeatureVectors;
import io.uniroute.core.routing.NearestCentroidMap;
import io.uniroute.core.table.RoutingTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A production-sized routing table for benchmarks, made as the operator makes one: real prompts
 * from the llmrouter dataset (9 LLMs), k-means centroids on part of them, Ψ from the recorded
 * scores on the rest, costs from the models' prices. Every backend points at {@code endpoint}.
 */
public final class BenchTables {

    /** The table, and prompts not used to build it (the traffic). */
    public record Built(RoutingTable table, List<String> trafficPrompts) {
    }

    private BenchTables() {
    }

    /** A format v1 dataset folder with enough prompts (the full llmrouter set): env UNIROUTE_BENCH_DATASET. */
    public static Path datasetDir() {
        String dir = System.getProperty("uniroute.dataset", System.getenv("UNIROUTE_BENCH_DATASET"));
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("set UNIROUTE_BENCH_DATASET to a dataset folder in format v1 "
                    + "with at least 1,000 prompts (e.g. the llmrouter set)");
        }
        return Path.of(dir);
    }

    public static Built build(Embedder embedder, int clusterPrompts, int validationPrompts, int k, String endpoint) {
        Dataset data = new DatasetReader().read(datasetDir());
        List<PromptRecord> prompts = new ArrayList<>(data.prompts());
        Collections.shuffle(prompts, new Random(7));
        List<PromptRecord> train = prompts.subList(0, clusterPrompts);
        List<PromptRecord> val = prompts.subList(clusterPrompts, clusterPrompts + validationPrompts);
        List<PromptRecord> traffic = prompts.subList(clusterPrompts + validationPrompts,
                Math.min(prompts.size(), clusterPrompts + validationPrompts + 2000));

        float[][] centroids = new KMeans(k, 42).fit(embedder.embedAll(train.stream().map(PromptRecord::prompt).toList()))
                .centroids();
        var map = new NearestCentroidMap(centroids);
        List<float[]> valEmb = embedder.embedAll(val.stream().map(PromptRecord::prompt).toList());
        double meanInputTokens = val.stream().mapToDouble(p -> p.prompt().length() / 4.0).average().orElse(100);
        List<RoutingTable.Backend> backends = new ArrayList<>();
        double maxCost = 0;
        List<double[]> psis = new ArrayList<>();
        List<Double> costs = new ArrayList<>();
        for (ModelInfo m : data.models()) {
            double[] errors = val.stream().mapToDouble(p -> p.error(m.name())).toArray();
            psis.add(FeatureVectors.psi(map, valEmb, errors));
            double cost = m.costUsd(meanInputTokens, 256).orElse(0);
            costs.add(cost);
            maxCost = Math.max(maxCost, cost);
        }
        for (int i = 0; i < data.models().size(); i++) {
            String name = data.models().get(i).name().replaceAll("[^a-z0-9-]", "-");
            backends.add(new RoutingTable.Backend(name, endpoint, data.models().get(i).name(), psis.get(i), costs.get(i),
                    maxCost == 0 ? 0 : costs.get(i) / maxCost, 1 - java.util.Arrays.stream(psis.get(i)).average().orElse(0),
                    null));
        }
        RoutingTable table = new RoutingTable(RoutingTable.SCHEMA_VERSION, "bench", "default",
                RoutingTable.STRATEGY_CLUSTER, new RoutingTable.EmbedderRef(embedder.id(), embedder.dimension()),
                new RoutingTable.ClusterMapSpec(RoutingTable.ClusterMapSpec.NEAREST_CENTROID, centroids), backends, 0.2,
                null, null, "bench");
        return new Built(table, traffic.stream().map(PromptRecord::prompt).toList());
    }
}
