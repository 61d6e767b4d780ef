package io.uniroute.operator.injection;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.Set;

/**
 * What the webhook injects unless a pod says otherwise: the sidecar image, its port, resources, and
 * whether it also watches the table ConfigMap through the API. The chart passes these to the
 * operator as {@code UNIROUTE_SIDECAR_*} environment variables ({@link #fromEnv}).
 *
 * @param watchConfigMap   also poll {@code <ns>/<policy>-routing} through the API (needs get on it
 *                         for the pod's ServiceAccount); the mounted file is always there
 * @param setOpenAiBaseUrl set {@code OPENAI_BASE_URL=http://localhost:<port>/v1} in the application
 *                         containers that do not set it
 * @param javaOptions      the sidecar's {@code JAVA_TOOL_OPTIONS} (heap as a share of its memory limit);
 *                         blank: the image's own
 */
public record SidecarDefaults(
        String image,
        String imagePullPolicy,
        int port,
        ResourceRequirements resources,
        boolean watchConfigMap,
        boolean setOpenAiBaseUrl,
        String javaOptions) {

    public static final String DEFAULT_IMAGE = "ghcr.io/uniroute/router-sidecar:0.1.0";
    public static final int DEFAULT_PORT = 8080;
    /**
     * Heap at 50 % of the container's memory limit (512Mi by default): the rest is the ONNX runtime's,
     * metaspace's and the threads'. A starting value, to be confirmed by docs/performance.md's RSS figures.
     */
    public static final String DEFAULT_JAVA_OPTIONS = "-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError";
    private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");

    public SidecarDefaults {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("sidecar image must be set");
        }
        if (!PULL_POLICIES.contains(imagePullPolicy)) {
            throw new IllegalArgumentException(
                    "sidecar image pull policy must be Always, IfNotPresent or Never, was " + imagePullPolicy);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("sidecar port must be in 1..65535, was " + port);
        }
        resources = resources == null ? new ResourceRequirements() : resources;
        javaOptions = javaOptions == null ? "" : javaOptions.strip();
    }

    /** With the default JVM options. */
    public SidecarDefaults(String image, String imagePullPolicy, int port, ResourceRequirements resources,
            boolean watchConfigMap, boolean setOpenAiBaseUrl) {
        this(image, imagePullPolicy, port, resources, watchConfigMap, setOpenAiBaseUrl, DEFAULT_JAVA_OPTIONS);
    }

    /** The chart's defaults: 8080, 100m/256Mi requested, 1 CPU/512Mi limit, mounted table only, heap 50 % of the limit. */
    public static SidecarDefaults defaults() {
        return new SidecarDefaults(DEFAULT_IMAGE, "IfNotPresent", DEFAULT_PORT, new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity("256Mi"))
                .addToLimits("cpu", new Quantity("1"))
                .addToLimits("memory", new Quantity("512Mi"))
                .build(), false, true, DEFAULT_JAVA_OPTIONS);
    }

    /** Reads {@code UNIROUTE_SIDECAR_*} (see the chart's deployment.yaml); unset ones keep {@link #defaults()}. */
    public static SidecarDefaults fromEnv(Map<String, String> env) {
        SidecarDefaults d = defaults();
        String resourcesJson = env.get("UNIROUTE_SIDECAR_RESOURCES");
        ResourceRequirements resources = d.resources();
        if (resourcesJson != null && !resourcesJson.isBlank()) {
            try {
                resources = Serialization.unmarshal(resourcesJson, ResourceRequirements.class);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("UNIROUTE_SIDECAR_RESOURCES is not a resources JSON object: "
                        + e.getMessage(), e);
            }
        }
        return new SidecarDefaults(
                env.getOrDefault("UNIROUTE_SIDECAR_IMAGE", d.image()),
                env.getOrDefault("UNIROUTE_SIDECAR_IMAGE_PULL_POLICY", d.imagePullPolicy()),
                integer(env, "UNIROUTE_SIDECAR_PORT", d.port()),
                resources,
                bool(env, "UNIROUTE_SIDECAR_WATCH_CONFIG_MAP", d.watchConfigMap()),
                bool(env, "UNIROUTE_SIDECAR_SET_OPENAI_BASE_URL", d.setOpenAiBaseUrl()),
                env.getOrDefault("UNIROUTE_SIDECAR_JAVA_OPTIONS", d.javaOptions()));
    }

    private static int integer(Map<String, String> env, String name, int dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was " + v);
        }
    }

    private static boolean bool(Map<String, String> env, String name, boolean dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        return switch (v.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was " + v);
        };
    }
}
