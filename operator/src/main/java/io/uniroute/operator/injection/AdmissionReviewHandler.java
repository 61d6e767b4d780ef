package io.uniroute.operator.injection;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.uniroute.core.table.RoutingTable.ApiKeyRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an {@code admission.k8s.io/v1} AdmissionReview for a pod into the reply: the sidecar patch,
 * a refusal with a message, or a plain "allowed". Never throws for a pod it cannot patch; only a
 * review without a request is an error (the server answers 400).
 */
public final class AdmissionReviewHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionReviewHandler.class);

    /** Well inside the API server's webhook timeout (the chart's default is 5 s). */
    public static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofSeconds(2);

    private final SidecarInjector injector;
    private final ApiKeyLookup apiKeys;
    private final Duration lookupTimeout;
    // Runs the table lookups so a slow API server costs a warning, not the admission deadline.
    // Bounded: when all four are stuck, a lookup is refused at once (and answered with a warning).
    private final ExecutorService lookups = new ThreadPoolExecutor(0, 4, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "uniroute-webhook-lookup");
                t.setDaemon(true);
                return t;
            });

    public AdmissionReviewHandler(SidecarInjector injector, ApiKeyLookup apiKeys) {
        this(injector, apiKeys, DEFAULT_LOOKUP_TIMEOUT);
    }

    public AdmissionReviewHandler(SidecarInjector injector, ApiKeyLookup apiKeys, Duration lookupTimeout) {
        this.injector = Objects.requireNonNull(injector, "injector");
        this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
        this.lookupTimeout = Objects.requireNonNull(lookupTimeout, "lookupTimeout");
    }

    public AdmissionReview handle(AdmissionReview review) {
        AdmissionRequest request = review == null ? null : review.getRequest();
        if (request == null || request.getUid() == null) {
            throw new IllegalArgumentException("AdmissionReview has no request (or no request uid)");
        }
        return new AdmissionReviewBuilder()
                .withApiVersion("admission.k8s.io/v1")
                .withKind("AdmissionReview")
                .withResponse(respond(request))
                .build();
    }

    private AdmissionResponse respond(AdmissionRequest request) {
        AdmissionResponseBuilder response = new AdmissionResponseBuilder().withUid(request.getUid());
        boolean podCreate = request.getKind() != null && "Pod".equals(request.getKind().getKind())
                && "CREATE".equals(request.getOperation());
        if (!podCreate || request.getObject() == null) {
            return response.withAllowed(true).build();
        }
        Pod pod;
        try {
            pod = Serialization.unmarshal(Serialization.asJson(request.getObject()), Pod.class);
        } catch (RuntimeException e) {
            return refuse(response, "the admitted object is not a readable Pod: " + e.getMessage());
        }
        String namespace = Optional.ofNullable(request.getNamespace())
                .or(() -> Optional.ofNullable(pod.getMetadata()).map(m -> m.getNamespace()))
                .orElse("default");
        String policy = pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null ? null
                : pod.getMetadata().getAnnotations().get(SidecarInjector.POLICY_ANNOTATION);

        List<String> warnings = new ArrayList<>();
        List<ApiKeyRef> keys = List.of();
        SidecarEmbedding embedding = SidecarEmbedding.DEFAULTS;
        if (policy != null && !policy.isBlank()) {
            try {
                Found lookedUp = lookup(namespace, policy);
                embedding = lookedUp.embedding();
                Optional<List<ApiKeyRef>> found = lookedUp.keys();
                if (found.isPresent()) {
                    keys = found.get();
                } else {
                    warnings.add("uniroute: no routing table published yet for policy '" + policy
                            + "' (ConfigMap " + SidecarInjector.tableConfigMap(policy) + "); the sidecar is not ready "
                            + "until it is, and no backend API key is mounted: restart the pod once the policy is Ready");
                }
            } catch (RuntimeException e) {
                LOG.warn("could not read the routing table of policy {}/{}: {}", namespace, policy, e.getMessage());
                warnings.add("uniroute: could not read the routing table of policy '" + policy
                        + "', no backend API key is mounted: " + e.getMessage());
            }
        }

        InjectionDecision decision = injector.decide(pod, namespace, keys, embedding);
        if (decision instanceof InjectionDecision.Refuse refuse) {
            LOG.info("refused pod {}/{}: {}", namespace, podName(pod), refuse.message());
            return refuse(response, refuse.message());
        }
        if (decision instanceof InjectionDecision.Patch patch) {
            warnings.addAll(patch.warnings());
            String json = Serialization.asJson(patch.operations());
            LOG.info("injecting the uniroute sidecar into pod {}/{} (policy {})", namespace, podName(pod), policy);
            response.withPatchType("JSONPatch")
                    .withPatch(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
        }
        if (!warnings.isEmpty()) {
            response.withWarnings(warnings);
        }
        return response.withAllowed(true).build();
    }

    /** What the policy's table (or spec) gives the sidecar: the API keys to mount, the embedder to run. */
    private record Found(Optional<List<ApiKeyRef>> keys, SidecarEmbedding embedding) {
    }

    private Found lookup(String namespace, String policy) {
        Future<Found> call;
        try {
            call = lookups.submit(() -> new Found(apiKeys.apiKeys(namespace, policy), apiKeys.embedding(namespace, policy)));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("too many routing-table reads in flight");
        }
        try {
            return call.get(lookupTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IllegalStateException("the Kubernetes API did not answer within " + lookupTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(String.valueOf(cause), cause);
        }
    }

    private static AdmissionResponse refuse(AdmissionResponseBuilder response, String message) {
        return response.withAllowed(false)
                .withStatus(new StatusBuilder().withCode(400).withReason("BadRequest").withMessage(message).build())
                .build();
    }

    private static String podName(Pod pod) {
        if (pod.getMetadata() == null) {
            return "?";
        }
        return Optional.ofNullable(pod.getMetadata().getName())
                .orElse(Optional.ofNullable(pod.getMetadata().getGenerateName()).map(g -> g + "*").orElse("?"));
    }
}
