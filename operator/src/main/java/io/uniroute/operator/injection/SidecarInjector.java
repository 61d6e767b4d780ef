package io.uniroute.operator.injection;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.uniroute.core.table.RoutingTable.ApiKeyRef;
import io.uniroute.operator.publishing.PolicyReconciler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Decides whether and how a pod gets the routing sidecar, as an RFC 6902 JSON Patch. A pure function
 * of the pod, its namespace, the sidecar defaults and the API keys its policy's table names — no I/O,
 * so every rule is tested on plain Pod objects.
 *
 * <p>A pod asks with the label {@value #INJECT_LABEL}{@code : "true"} and names its RoutingPolicy in the
 * annotation {@value #POLICY_ANNOTATION}. It gets a container {@value #CONTAINER_NAME} that serves the
 * OpenAI API on localhost, the table ConfigMap {@code <policy>-routing} mounted at {@value #TABLE_DIR},
 * and each backend's API key Secret projected under {@value #KEYS_DIR}. Injecting twice changes
 * nothing: a pod that already has the container or the {@value #INJECTED_ANNOTATION} annotation is
 * skipped.
 */
public final class SidecarInjector {

    public static final String INJECT_LABEL = "uniroute.io/inject";
    public static final String POLICY_ANNOTATION = "uniroute.io/policy";
    public static final String PORT_ANNOTATION = "uniroute.io/sidecar-port";
    public static final String INJECTED_ANNOTATION = "uniroute.io/injected";
    public static final String CONTAINER_NAME = "uniroute-sidecar";
    public static final String TABLE_VOLUME = "uniroute-table";
    public static final String KEYS_VOLUME = "uniroute-api-keys";
    public static final String TMP_VOLUME = "uniroute-tmp";
    public static final String TABLE_DIR = "/etc/uniroute/table";
    public static final String TABLE_KEY = "routing.json";
    /** Where the operator's tables say key files are (PolicyReconciler writes ApiKeyRef.file under it). */
    public static final String KEYS_DIR = PolicyReconciler.KEY_FILE_ROOT;
    public static final String BASE_URL_ENV = "OPENAI_BASE_URL";
    /** The distroless "nonroot" user of our images (docker/*.Dockerfile). */
    public static final long SIDECAR_UID = 65532L;

    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String DEFAULT_SECRET_KEY = "api-key";

    private final SidecarDefaults defaults;

    public SidecarInjector(SidecarDefaults defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    /** The ConfigMap the operator publishes for a policy (ARCHITECTURE.md). */
    public static String tableConfigMap(String policy) {
        return policy + "-routing";
    }

    /**
     * @param namespace the pod's namespace (from the admission request: a pod made by a controller
     *                  often has none in its metadata yet)
     * @param apiKeys   the API keys named by the policy's current routing table (may be empty)
     */
    public InjectionDecision decide(Pod pod, String namespace, List<ApiKeyRef> apiKeys) {
        return decide(pod, namespace, apiKeys, SidecarEmbedding.DEFAULTS);
    }

    /**
     * @param embedding the embedder and embed-text the policy's tables are made with, passed to the
     *                  sidecar as {@code UNIROUTE_EMBEDDER} / {@code UNIROUTE_EMBED_TEXT} (a sidecar with
     *                  another would refuse every table of the policy)
     */
    public InjectionDecision decide(Pod pod, String namespace, List<ApiKeyRef> apiKeys, SidecarEmbedding embedding) {
        Map<String, String> labels = pod.getMetadata() == null || pod.getMetadata().getLabels() == null
                ? Map.of() : pod.getMetadata().getLabels();
        Map<String, String> annotations = pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
                ? Map.of() : pod.getMetadata().getAnnotations();
        if (!"true".equals(labels.get(INJECT_LABEL))) {
            return new InjectionDecision.Skip("pod is not labelled " + INJECT_LABEL + "=true");
        }
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null || pod.getSpec().getContainers().isEmpty()) {
            return new InjectionDecision.Refuse("pod has no containers to add the uniroute sidecar to");
        }
        List<Container> containers = pod.getSpec().getContainers();
        if (annotations.containsKey(INJECTED_ANNOTATION)
                || containers.stream().anyMatch(c -> CONTAINER_NAME.equals(c.getName()))) {
            return new InjectionDecision.Skip("sidecar already injected");
        }
        String policy = annotations.get(POLICY_ANNOTATION);
        if (policy == null || policy.isBlank()) {
            return new InjectionDecision.Refuse("pod is labelled " + INJECT_LABEL + "=true but has no "
                    + POLICY_ANNOTATION + " annotation naming the RoutingPolicy to route with");
        }
        if (!DNS_SUBDOMAIN.matcher(policy).matches() || tableConfigMap(policy).length() > 253) {
            return new InjectionDecision.Refuse("annotation " + POLICY_ANNOTATION + " must be a RoutingPolicy name "
                    + "(lower-case letters, digits, '-' and '.'), was '" + policy + "'");
        }
        Optional<Integer> port = port(annotations.get(PORT_ANNOTATION));
        if (port.isEmpty()) {
            return new InjectionDecision.Refuse("annotation " + PORT_ANNOTATION + " must be a port in 1..65535, was '"
                    + annotations.get(PORT_ANNOTATION) + "'");
        }
        int sidecarPort = port.get();
        for (Container c : containers) {
            for (ContainerPort p : Optional.ofNullable(c.getPorts()).orElse(List.of())) {
                if (Objects.equals(p.getContainerPort(), sidecarPort)) {
                    return new InjectionDecision.Refuse("container '" + c.getName() + "' already uses port "
                            + sidecarPort + "; choose another sidecar port with the annotation " + PORT_ANNOTATION);
                }
            }
        }
        List<Volume> existingVolumes = Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of());
        for (Volume v : existingVolumes) {
            if (Set.of(TABLE_VOLUME, KEYS_VOLUME, TMP_VOLUME).contains(v.getName())) {
                return new InjectionDecision.Refuse("pod already has a volume named '" + v.getName()
                        + "', which the uniroute sidecar needs; rename it");
            }
        }

        List<String> warnings = new ArrayList<>();
        Keys keys = keys(apiKeys, warnings);
        List<JsonPatchOp> ops = new ArrayList<>();
        ops.add(JsonPatchOp.add("/metadata/annotations/" + JsonPatchOp.escape(INJECTED_ANNOTATION), defaults.image()));
        if (defaults.setOpenAiBaseUrl()) {
            EnvVar baseUrl = new EnvVar(BASE_URL_ENV, "http://localhost:" + sidecarPort + "/v1", null);
            for (int i = 0; i < containers.size(); i++) {
                List<EnvVar> env = containers.get(i).getEnv();
                if (env == null || env.isEmpty()) {
                    ops.add(JsonPatchOp.add("/spec/containers/" + i + "/env", List.of(baseUrl)));
                } else if (env.stream().noneMatch(e -> BASE_URL_ENV.equals(e.getName()))) {
                    ops.add(JsonPatchOp.add("/spec/containers/" + i + "/env/-", baseUrl));
                }
            }
        }
        ops.add(JsonPatchOp.add("/spec/containers/-", container(namespace, policy, sidecarPort, keys, embedding)));
        List<Volume> volumes = volumes(policy, keys);
        if (existingVolumes.isEmpty()) {
            ops.add(JsonPatchOp.add("/spec/volumes", volumes));
        } else {
            volumes.forEach(v -> ops.add(JsonPatchOp.add("/spec/volumes/-", v)));
        }
        return new InjectionDecision.Patch(ops, warnings);
    }

    private Optional<Integer> port(String annotation) {
        if (annotation == null) {
            return Optional.of(defaults.port());
        }
        try {
            int p = Integer.parseInt(annotation.trim());
            return p >= 1 && p <= 65535 ? Optional.of(p) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Files (secret → key → path under KEYS_DIR) and env vars (name → secret/key) to give the sidecar. */
    private record Keys(Map<String, Map<String, String>> files, Map<String, ApiKeyRef> env) {
    }

    private static Keys keys(List<ApiKeyRef> refs, List<String> warnings) {
        Map<String, Map<String, String>> files = new TreeMap<>();
        Map<String, ApiKeyRef> env = new TreeMap<>();
        Set<String> paths = new TreeSet<>();
        for (ApiKeyRef ref : refs == null ? List.<ApiKeyRef>of() : refs) {
            if (ref == null || ref.secretName() == null || !DNS_SUBDOMAIN.matcher(ref.secretName()).matches()) {
                warnings.add("routing table names an API key without a valid Secret name; not mounted");
                continue;
            }
            String key = ref.secretKey() == null || ref.secretKey().isBlank() ? DEFAULT_SECRET_KEY : ref.secretKey();
            // A key file when the table names one we can mount, and then never also an env var (every
            // process of the container could read that); an env var when it names no mountable file.
            Optional<String> path = ref.file() == null && ref.env() != null ? Optional.empty()
                    : relativeKeyPath(ref.file(), ref.secretName(), key);
            if (path.isPresent()) {
                if (paths.add(path.get())) {
                    files.computeIfAbsent(ref.secretName(), s -> new TreeMap<>()).put(key, path.get());
                }
            } else if (ref.env() != null && ENV_NAME.matcher(ref.env()).matches()) {
                env.putIfAbsent(ref.env(), new ApiKeyRef(ref.secretName(), key, ref.env(), null));
            } else {
                warnings.add("API key of Secret " + ref.secretName() + " names neither a file under " + KEYS_DIR
                        + " (was '" + ref.file() + "') nor a valid env variable (was '" + ref.env() + "'); not mounted");
            }
        }
        return new Keys(files, env);
    }

    /** Where a key lands under KEYS_DIR: the table's file when it names one there, else "secret/key". */
    private static Optional<String> relativeKeyPath(String file, String secret, String key) {
        String path;
        if (file == null || file.isBlank()) {
            path = secret + "/" + key;
        } else if (file.startsWith(KEYS_DIR + "/")) {
            path = file.substring(KEYS_DIR.length() + 1);
        } else if (file.startsWith("/")) {
            return Optional.empty();
        } else {
            path = file;
        }
        boolean safe = !path.isEmpty() && List.of(path.split("/")).stream()
                .noneMatch(s -> s.isEmpty() || s.equals("..") || s.equals("."));
        return safe ? Optional.of(path) : Optional.empty();
    }

    private Container container(String namespace, String policy, int port, Keys keys, SidecarEmbedding embedding) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("UNIROUTE_PORT", String.valueOf(port), null));
        env.add(new EnvVar("UNIROUTE_TABLE_FILE", TABLE_DIR + "/" + TABLE_KEY, null));
        env.add(new EnvVar("UNIROUTE_API_KEY_DIR", KEYS_DIR, null));
        // The embedder's native libraries unpack under /tmp (ONNX: java.io.tmpdir; DJL tokenizer: this).
        env.add(new EnvVar("DJL_CACHE_DIR", "/tmp/djl", null));
        if (!defaults.javaOptions().isEmpty()) { // heap by the container's memory limit, not the image's default share
            env.add(new EnvVar("JAVA_TOOL_OPTIONS", defaults.javaOptions(), null));
        }
        if (embedding.embedderId() != null) {
            env.add(new EnvVar("UNIROUTE_EMBEDDER", embedding.embedderId(), null));
        }
        if (embedding.embedText() != null) {
            env.add(new EnvVar("UNIROUTE_EMBED_TEXT", embedding.embedText(), null));
        }
        if (defaults.watchConfigMap()) {
            env.add(new EnvVar("UNIROUTE_CONFIG_MAP", namespace + "/" + tableConfigMap(policy), null));
        }
        keys.env().forEach((name, ref) -> env.add(new EnvVarBuilder().withName(name)
                .withNewValueFrom().withNewSecretKeyRef(ref.secretKey(), ref.secretName(), true).endValueFrom()
                .build()));

        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(mount(TABLE_VOLUME, TABLE_DIR, true));
        if (!keys.files().isEmpty()) {
            mounts.add(mount(KEYS_VOLUME, KEYS_DIR, true));
        }
        mounts.add(mount(TMP_VOLUME, "/tmp", false));

        return new ContainerBuilder()
                .withName(CONTAINER_NAME)
                .withImage(defaults.image())
                .withImagePullPolicy(defaults.imagePullPolicy())
                .withEnv(env)
                .addNewPort().withName("uniroute").withContainerPort(port).withProtocol("TCP").endPort()
                .withStartupProbe(new ProbeBuilder().withHttpGet(get("/healthz", port))
                        .withPeriodSeconds(2).withFailureThreshold(60).withTimeoutSeconds(2).build())
                .withLivenessProbe(new ProbeBuilder().withHttpGet(get("/healthz", port))
                        .withPeriodSeconds(10).withFailureThreshold(3).withTimeoutSeconds(2).build())
                // Ready once a routing table is loaded: until then the sidecar answers 503.
                .withReadinessProbe(new ProbeBuilder().withHttpGet(get("/readyz", port))
                        .withPeriodSeconds(5).withFailureThreshold(3).withTimeoutSeconds(2).build())
                .withResources(defaults.resources())
                .withSecurityContext(new SecurityContextBuilder()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(SIDECAR_UID)
                        .withAllowPrivilegeEscalation(false)
                        .withReadOnlyRootFilesystem(true)
                        .withNewCapabilities().withDrop("ALL").endCapabilities()
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                        .build())
                .withVolumeMounts(mounts)
                .build();
    }

    private static VolumeMount mount(String volume, String path, boolean readOnly) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(readOnly).build();
    }

    private static HTTPGetAction get(String path, int port) {
        return new HTTPGetActionBuilder().withPath(path).withPort(new IntOrString(port)).build();
    }

    private static List<Volume> volumes(String policy, Keys keys) {
        List<Volume> volumes = new ArrayList<>();
        // optional: the pod starts before the policy's first table is published; the sidecar is not
        // ready (503) until the kubelet fills the file in.
        volumes.add(new VolumeBuilder().withName(TABLE_VOLUME)
                .withNewConfigMap().withName(tableConfigMap(policy)).withOptional(true).endConfigMap().build());
        if (!keys.files().isEmpty()) {
            List<VolumeProjection> sources = new ArrayList<>();
            keys.files().forEach((secret, items) -> sources.add(new VolumeProjectionBuilder()
                    .withNewSecret().withName(secret).withOptional(true)
                    .withItems(items.entrySet().stream()
                            .map(e -> new KeyToPathBuilder().withKey(e.getKey()).withPath(e.getValue()).build()).toList())
                    .endSecret().build()));
            // Default file mode (0644): the sidecar runs as a non-root user and the app pod may set no
            // fsGroup; only the sidecar container mounts this volume.
            volumes.add(new VolumeBuilder().withName(KEYS_VOLUME)
                    .withNewProjected().withSources(sources).endProjected().build());
        }
        volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
        return volumes;
    }
}
