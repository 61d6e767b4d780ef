package io.uniroute.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.uniroute.core.table.RoutingTable.ApiKeyRef;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SidecarInjectorTest {

    private final SidecarInjector injector = new SidecarInjector(SidecarDefaults.defaults());

    private static final List<ApiKeyRef> KEYS = List.of(
            // As PolicyReconciler writes them: an absolute file under its key root and an env fallback.
            new ApiKeyRef("openai-key", "api-key", "UNIROUTE_API_KEY_GPT", "/etc/uniroute/keys/openai-key/api-key"),
            new ApiKeyRef("anthropic", "token", null, "anthropic/token"),
            new ApiKeyRef("openai-key", "api-key", null, null), // two backends, one Secret: mounted once
            new ApiKeyRef("groq", "key", "GROQ_API_KEY", null));

    private Pod injected(Pod pod, List<ApiKeyRef> keys) {
        InjectionDecision d = injector.decide(pod, "team-a", keys);
        assertThat(d).isInstanceOf(InjectionDecision.Patch.class);
        return PodPatches.apply(pod, ((InjectionDecision.Patch) d).operations());
    }

    private static Container sidecar(Pod pod) {
        return pod.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(SidecarInjector.CONTAINER_NAME)).findFirst().orElseThrow();
    }

    private static Map<String, EnvVar> env(Container c) {
        return c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    }

    @Test
    void addsTheSidecarWithTableConfigMapAndKeySecretsMounted() {
        Pod pod = injected(PodPatches.injectablePod("support").build(), KEYS);

        assertThat(pod.getSpec().getContainers()).extracting(Container::getName)
                .containsExactly("app", SidecarInjector.CONTAINER_NAME);
        Container sidecar = sidecar(pod);
        assertThat(sidecar.getImage()).isEqualTo(SidecarDefaults.DEFAULT_IMAGE);
        assertThat(sidecar.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
        Map<String, EnvVar> env = env(sidecar);
        assertThat(env.get("UNIROUTE_PORT").getValue()).isEqualTo("8080");
        assertThat(env.get("UNIROUTE_TABLE_FILE").getValue()).isEqualTo("/etc/uniroute/table/routing.json");
        assertThat(env.get("UNIROUTE_API_KEY_DIR").getValue()).isEqualTo("/etc/uniroute/keys");
        assertThat(env).doesNotContainKey("UNIROUTE_API_KEY_GPT"); // mounted as a file, so not also in env
        assertThat(env).doesNotContainKey("UNIROUTE_CONFIG_MAP"); // the default reads the mounted file only
        assertThat(env.get("GROQ_API_KEY").getValue()).isNull();
        assertThat(env.get("GROQ_API_KEY").getValueFrom().getSecretKeyRef().getName()).isEqualTo("groq");
        assertThat(env.get("GROQ_API_KEY").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("key");

        Map<String, Volume> volumes = pod.getSpec().getVolumes().stream()
                .collect(Collectors.toMap(Volume::getName, v -> v));
        assertThat(volumes.get(SidecarInjector.TABLE_VOLUME).getConfigMap().getName()).isEqualTo("support-routing");
        assertThat(volumes.get(SidecarInjector.TABLE_VOLUME).getConfigMap().getOptional()).isTrue();
        var sources = volumes.get(SidecarInjector.KEYS_VOLUME).getProjected().getSources();
        assertThat(sources).extracting(s -> s.getSecret().getName()).containsExactly("anthropic", "openai-key");
        assertThat(sources.get(0).getSecret().getItems()).singleElement()
                .satisfies(i -> assertThat(i.getPath()).isEqualTo("anthropic/token"));
        assertThat(sources.get(1).getSecret().getItems()).singleElement()
                .satisfies(i -> assertThat(i.getPath()).isEqualTo("openai-key/api-key"));
        assertThat(sidecar.getVolumeMounts()).extracting(m -> m.getName() + ":" + m.getMountPath() + ":" + m.getReadOnly())
                .containsExactly("uniroute-table:/etc/uniroute/table:true", "uniroute-api-keys:/etc/uniroute/keys:true",
                        "uniroute-tmp:/tmp:false");
        // Only the sidecar sees the keys.
        assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts()).isNullOrEmpty();

        assertThat(env(pod.getSpec().getContainers().get(0)).get("OPENAI_BASE_URL").getValue())
                .isEqualTo("http://localhost:8080/v1");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry(SidecarInjector.INJECTED_ANNOTATION,
                SidecarDefaults.DEFAULT_IMAGE);
    }

    @Test
    void sidecarIsLockedDownAndProbedAndSized() {
        Container sidecar = sidecar(injected(PodPatches.injectablePod("support").build(), List.of()));
        var sc = sidecar.getSecurityContext();
        assertThat(sc.getRunAsNonRoot()).isTrue();
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        // Native libraries of the embedder unpack under the writable /tmp (the root is read-only).
        assertThat(sidecar.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(env(sidecar).get("DJL_CACHE_DIR").getValue()).startsWith("/tmp/");
        assertThat(sidecar.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(sidecar.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(sidecar.getResources().getRequests()).containsEntry("memory", new Quantity("256Mi"));
        assertThat(sidecar.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
        // The heap is a share of that limit, not the image's default share.
        assertThat(env(sidecar).get("JAVA_TOOL_OPTIONS").getValue()).contains("-XX:MaxRAMPercentage=50");
        // No key mounted when the table names none; the volume is then left out too.
        assertThat(sidecar.getVolumeMounts()).extracting(m -> m.getName())
                .containsExactly("uniroute-table", "uniroute-tmp");
    }

    @Test
    void injectingTwiceChangesNothing() {
        Pod once = injected(PodPatches.injectablePod("support").build(), KEYS);
        assertThat(injector.decide(once, "team-a", KEYS)).isInstanceOf(InjectionDecision.Skip.class);

        // A pod that already carries the container by hand (the no-webhook snippet) is left alone too.
        Pod byHand = PodPatches.injectablePod("support").editSpec()
                .addNewContainer().withName(SidecarInjector.CONTAINER_NAME).withImage("x").endContainer()
                .endSpec().build();
        assertThat(injector.decide(byHand, "team-a", KEYS)).isInstanceOf(InjectionDecision.Skip.class);
    }

    @Test
    void appendsToExistingVolumesAndEnvWithoutOverwritingTheAppsBaseUrl() {
        Pod pod = PodPatches.injectablePod("support").editSpec()
                .editFirstContainer().addNewEnv().withName("OPENAI_BASE_URL").withValue("https://proxy.internal/v1")
                .endEnv().endContainer()
                .addNewContainer().withName("worker").withImage("w").addNewEnv().withName("A").withValue("1").endEnv()
                .endContainer()
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build();
        Pod out = injected(pod, List.of());
        assertThat(out.getSpec().getVolumes()).extracting(Volume::getName)
                .containsExactly("data", "uniroute-table", "uniroute-tmp");
        assertThat(env(out.getSpec().getContainers().get(0)).get("OPENAI_BASE_URL").getValue())
                .isEqualTo("https://proxy.internal/v1");
        assertThat(env(out.getSpec().getContainers().get(1)).get("OPENAI_BASE_URL").getValue())
                .isEqualTo("http://localhost:8080/v1");
        assertThat(env(out.getSpec().getContainers().get(1))).containsKey("A");
    }

    @Test
    void portAnnotationMovesTheSidecarAndWatchModeNamesTheConfigMap() {
        SidecarInjector watching = new SidecarInjector(new SidecarDefaults("registry/sidecar:2", "Always", 8080,
                null, true, false));
        Pod pod = PodPatches.injectablePod("support").editMetadata()
                .addToAnnotations(SidecarInjector.PORT_ANNOTATION, "18080").endMetadata().build();
        var d = (InjectionDecision.Patch) watching.decide(pod, "team-a", List.of());
        Pod out = PodPatches.apply(pod, d.operations());
        Container sidecar = sidecar(out);
        assertThat(sidecar.getImagePullPolicy()).isEqualTo("Always");
        assertThat(sidecar.getPorts().get(0).getContainerPort()).isEqualTo(18080);
        assertThat(sidecar.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(18080);
        assertThat(env(sidecar).get("UNIROUTE_CONFIG_MAP").getValue()).isEqualTo("team-a/support-routing");
        assertThat(out.getSpec().getContainers().get(0).getEnv()).isNullOrEmpty(); // setOpenAiBaseUrl off
    }

    @Test
    void refusesPodsThatCannotGetASidecarWithAnActionableMessage() {
        Pod noPolicy = new PodBuilder(PodPatches.injectablePod("x").build()).editMetadata()
                .withAnnotations(Map.of()).endMetadata().build();
        assertThat(refusal(noPolicy)).contains("uniroute.io/policy");

        assertThat(refusal(PodPatches.injectablePod("Bad_Name").build())).contains("RoutingPolicy name");

        Pod portClash = PodPatches.injectablePod("support").editSpec().editFirstContainer()
                .addNewPort().withContainerPort(8080).endPort().endContainer().endSpec().build();
        assertThat(refusal(portClash)).contains("'app'").contains("8080").contains(SidecarInjector.PORT_ANNOTATION);

        Pod badPort = PodPatches.injectablePod("support").editMetadata()
                .addToAnnotations(SidecarInjector.PORT_ANNOTATION, "70000").endMetadata().build();
        assertThat(refusal(badPort)).contains("1..65535");

        Pod volumeClash = PodPatches.injectablePod("support").editSpec()
                .addNewVolume().withName("uniroute-table").withNewEmptyDir().endEmptyDir().endVolume().endSpec().build();
        assertThat(refusal(volumeClash)).contains("uniroute-table");
    }

    @Test
    void skipsPodsNotAskingAndIgnoresUnsafeKeyPaths() {
        Pod notAsking = PodPatches.injectablePod("support").editMetadata()
                .addToLabels(SidecarInjector.INJECT_LABEL, "false").endMetadata().build();
        assertThat(injector.decide(notAsking, "team-a", KEYS)).isInstanceOf(InjectionDecision.Skip.class);

        var d = (InjectionDecision.Patch) injector.decide(PodPatches.injectablePod("support").build(), "team-a",
                List.of(new ApiKeyRef("evil", "k", null, "../../etc/passwd"),
                        new ApiKeyRef("elsewhere", "k", null, "/var/secret/k")));
        assertThat(d.warnings()).hasSize(2).allSatisfy(w -> assertThat(w).contains("not mounted"));
        assertThat(PodPatches.apply(PodPatches.injectablePod("support").build(), d.operations()).getSpec().getVolumes())
                .extracting(Volume::getName).doesNotContain(SidecarInjector.KEYS_VOLUME);
    }

    @Test
    void defaultsFromTheChartsEnvironment() {
        SidecarDefaults d = SidecarDefaults.fromEnv(Map.of(
                "UNIROUTE_SIDECAR_IMAGE", "ghcr.io/uniroute/router-sidecar:9",
                "UNIROUTE_SIDECAR_PORT", "9000",
                "UNIROUTE_SIDECAR_RESOURCES", "{\"requests\":{\"cpu\":\"50m\"}}",
                "UNIROUTE_SIDECAR_WATCH_CONFIG_MAP", "true"));
        assertThat(d.image()).endsWith(":9");
        assertThat(d.port()).isEqualTo(9000);
        assertThat(d.resources().getRequests()).containsEntry("cpu", new Quantity("50m"));
        assertThat(d.watchConfigMap()).isTrue();
        assertThat(d.setOpenAiBaseUrl()).isTrue();
        assertThat(d.javaOptions()).isEqualTo(SidecarDefaults.DEFAULT_JAVA_OPTIONS);
        assertThat(SidecarDefaults.fromEnv(Map.of("UNIROUTE_SIDECAR_JAVA_OPTIONS", "-XX:MaxRAMPercentage=40")).javaOptions())
                .isEqualTo("-XX:MaxRAMPercentage=40");
        // blank: no JAVA_TOOL_OPTIONS injected, the image's own options hold
        var blank = new SidecarInjector(SidecarDefaults.fromEnv(Map.of("UNIROUTE_SIDECAR_JAVA_OPTIONS", "")));
        var patch = (InjectionDecision.Patch) blank.decide(PodPatches.injectablePod("support").build(), "team-a", List.of());
        assertThat(env(sidecar(PodPatches.apply(PodPatches.injectablePod("support").build(), patch.operations()))))
                .containsKey("DJL_CACHE_DIR").doesNotContainKey("JAVA_TOOL_OPTIONS");
        assertThatThrownBy(() -> SidecarDefaults.fromEnv(Map.of("UNIROUTE_SIDECAR_PORT", "eighty")))
                .hasMessageContaining("UNIROUTE_SIDECAR_PORT");
        assertThatThrownBy(() -> SidecarDefaults.fromEnv(Map.of("UNIROUTE_SIDECAR_IMAGE_PULL_POLICY", "Sometimes")))
                .hasMessageContaining("pull policy");
    }

    private String refusal(Pod pod) {
        InjectionDecision d = injector.decide(pod, "team-a", KEYS);
        assertThat(d).isInstanceOf(InjectionDecision.Refuse.class);
        return ((InjectionDecision.Refuse) d).message();
    }
}
