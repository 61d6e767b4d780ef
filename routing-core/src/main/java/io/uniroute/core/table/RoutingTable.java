package io.uniroute.core.table;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.uniroute.core.embedding.SharedTemplate;
import io.uniroute.core.routing.ClusterErrorEstimator;
import io.uniroute.core.routing.ClusterMap;
import io.uniroute.core.routing.NearestCentroidMap;
import io.uniroute.core.routing.SoftmaxClusterMap;
import java.util.List;
import java.util.Optional;

/**
 * What the sidecar routes with, and all it needs: the embedder it must use, the cluster map
 * (centroids or θ), each backend's Ψ and normalised cost, and λ. Written by the operator into the
 * ConfigMap {@code <policy>-routing} as {@code routing.json} (see {@link RoutingTableJson}).
 * Immutable once validated; it never holds a secret, only where to find one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutingTable(
        int schemaVersion,
        String policy,
        String namespace,
        String strategy,
        EmbedderRef embedder,
        ClusterMapSpec clusterMap,
        List<Backend> backends,
        double costWeight,
        Cascade cascade,
        Fallback fallback,
        String generatedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String STRATEGY_CLUSTER = "cluster";
    public static final String STRATEGY_LEARNED_MAP = "learned-map";
    public static final String STRATEGY_CASCADE = "cascade";

    public RoutingTable {
        backends = backends == null ? null : List.copyOf(backends);
    }

    /**
     * How the table's prompts were embedded, so the sidecar embeds requests the same way: the
     * embedding model and window ({@code id}), the {@code embedText} mode that made each prompt's
     * text ({@code last-user}, {@code all-user} or {@code all}; absent in tables written before it
     * existed, which mean {@code last-user}) and the {@link SharedTemplate} stripped from every text
     * before embedding (absent: none). The sidecar refuses a table whose embedder or mode it lacks.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EmbedderRef(String id, int dimension, String embedText, TemplateRef template) {

        /** The mode older tables (without the field) were made with. */
        public static final String DEFAULT_EMBED_TEXT = "last-user";

        /** Without mode and template (tables written before they existed read the same way). */
        public EmbedderRef(String id, int dimension) {
            this(id, dimension, null, null);
        }

        @JsonIgnore
        public String embedTextOrDefault() {
            return embedText == null ? DEFAULT_EMBED_TEXT : embedText;
        }

        /** The template to strip from each request's text; {@link SharedTemplate#NONE} when the table has none. */
        @JsonIgnore
        public SharedTemplate sharedTemplate() {
            return template == null ? SharedTemplate.NONE : template.toSharedTemplate();
        }
    }

    /**
     * A {@link SharedTemplate} in the table: lengths in UTF-16 chars of the Java string, hashes the
     * lower-case hex SHA-256 of the part's UTF-8 bytes (empty when its length is 0).
     */
    public record TemplateRef(int prefixChars, String prefixSha256, int suffixChars, String suffixSha256) {

        /** The ref of {@code template}; null for {@link SharedTemplate#NONE} (the field stays out of the table). */
        public static TemplateRef of(SharedTemplate template) {
            return template.isNone() ? null : new TemplateRef(template.prefixLength(), template.prefixSha256(),
                    template.suffixLength(), template.suffixSha256());
        }

        public SharedTemplate toSharedTemplate() {
            return new SharedTemplate(prefixChars, prefixSha256, suffixChars, suffixSha256);
        }
    }

    /**
     * The cluster map Φ: {@code nearest-centroid} (UniRoute K-Means; vectors are centroids) or
     * {@code softmax} (LearnedMap; vectors are θ).
     */
    public record ClusterMapSpec(String type, float[][] vectors) {
        public static final String NEAREST_CENTROID = "nearest-centroid";
        public static final String SOFTMAX = "softmax";

        public ClusterMap toClusterMap() {
            return switch (type) {
                case NEAREST_CENTROID -> new NearestCentroidMap(vectors);
                case SOFTMAX -> new SoftmaxClusterMap(vectors);
                default -> throw new IllegalArgumentException("unknown cluster map type " + type);
            };
        }
    }

    /**
     * A routable backend. {@code psi} is its per-cluster error; {@code normalizedCost} its expected
     * cost per query divided by the most expensive backend's (what λ multiplies); {@code timeoutMillis}
     * the LLMBackend's {@code timeout}, the sidecar's time-to-first-byte limit for it (optional: a
     * table without it gets the sidecar's default).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Backend(
            String name,
            String endpoint,
            String model,
            double[] psi,
            double costPerQueryUsd,
            double normalizedCost,
            double accuracy,
            ApiKeyRef apiKey,
            Long timeoutMillis) {

        /** A backend without its own timeout (tables written before it existed read the same way). */
        public Backend(String name, String endpoint, String model, double[] psi, double costPerQueryUsd,
                double normalizedCost, double accuracy, ApiKeyRef apiKey) {
            this(name, endpoint, model, psi, costPerQueryUsd, normalizedCost, accuracy, apiKey, null);
        }
    }

    /**
     * Where the sidecar finds a backend's API key: the Secret it comes from (for people and the
     * injector), and the file or environment variable the key is mounted as in the sidecar.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ApiKeyRef(String secretName, String secretKey, String env, String file) {
    }

    /**
     * Cascade settings: {@code stages} name backends from cheap to expensive; a stage whose estimated
     * error is above {@code maxEstimatedError} is skipped; an answer whose mean token logprob is below
     * {@code minMeanLogprob} escalates; at most {@code maxStages} are called.
     */
    public record Cascade(List<String> stages, double maxEstimatedError, double minMeanLogprob, int maxStages) {
        public Cascade {
            stages = stages == null ? null : List.copyOf(stages);
        }
    }

    /**
     * Retries on the next-best backend after a failure, and the circuit breaker's settings. The
     * defaults are the ones place both sides read: the operator's CRD defaults and the sidecar's
     * when a table has no fallback section.
     */
    public record Fallback(int maxAttempts, int failureThreshold, long openMillis) {
        public static final int DEFAULT_MAX_ATTEMPTS = 3;
        public static final int DEFAULT_FAILURE_THRESHOLD = 5;
        public static final long DEFAULT_OPEN_MILLIS = 30_000;
        public static final Fallback DEFAULTS = new Fallback(DEFAULT_MAX_ATTEMPTS, DEFAULT_FAILURE_THRESHOLD,
                DEFAULT_OPEN_MILLIS);
    }

    /** The table's fallback settings, or the defaults when it has none. */
    @JsonIgnore
    public Fallback fallbackOrDefaults() {
        return fallback == null ? Fallback.DEFAULTS : fallback;
    }

    public Optional<Backend> backend(String name) {
        return backends.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** γ(x, ·) over {@link #backends()} in their order. */
    @JsonIgnore
    public ClusterErrorEstimator estimator() {
        double[][] psi = backends.stream().map(Backend::psi).toArray(double[][]::new);
        return new ClusterErrorEstimator(clusterMap.toClusterMap(), psi);
    }

    @JsonIgnore
    public double[] normalizedCosts() {
        return backends.stream().mapToDouble(Backend::normalizedCost).toArray();
    }
}
