package io.uniroute.operator.profiling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.uniroute.core.hashing.Sha256;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptSetProfile;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a profile lives: one ConfigMap per (backend, prompt set), owned by the LLMBackend, holding the
 * profile (bitsets, running sums, the hash and model it was measured on) as JSON. A profile is money
 * already spent, so it is kept apart from the status: a status wiped, or a backend restored from a
 * backup without its status, finds it here; the status only mirrors it. Never holds a key.
 */
public final class ProfileConfigMaps {

    /** Selects the profile ConfigMaps (the backend controller's informer watches only these). */
    public static final String PROFILE_LABEL = "uniroute.io/profile";
    public static final String BACKEND_ANNOTATION = "uniroute.io/backend";
    public static final String PROMPT_SET_ANNOTATION = "uniroute.io/prompt-set";
    public static final String PROFILE_KEY = "profile.json";

    private static final int MAX_NAME = 253;

    private final ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static String name(String backend, String promptSet) {
        String name = backend + "-profile-" + promptSet;
        return name.length() <= MAX_NAME ? name
                : name.substring(0, MAX_NAME - 17) + "-" + Sha256.hex(name).substring(0, 16);
    }

    /** The prompt set a profile ConfigMap is for (null when it is not one of ours). */
    public static String promptSetOf(ConfigMap cm) {
        var a = cm.getMetadata().getAnnotations();
        return a == null ? null : a.get(PROMPT_SET_ANNOTATION);
    }

    public static String backendOf(ConfigMap cm) {
        var a = cm.getMetadata().getAnnotations();
        return a == null ? null : a.get(BACKEND_ANNOTATION);
    }

    /** The profile a ConfigMap holds; empty when it holds none or one that cannot be read (it is then measured again). */
    public Optional<PromptSetProfile> read(ConfigMap cm) {
        String json = cm.getData() == null ? null : cm.getData().get(PROFILE_KEY);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(json, PromptSetProfile.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Whether the ConfigMap names this backend object (by uid) as its owner. */
    public static boolean ownedBy(ConfigMap cm, LLMBackend backend) {
        return cm.getMetadata().getOwnerReferences() != null && cm.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> backend.getMetadata().getUid() != null && backend.getMetadata().getUid().equals(o.getUid()));
    }

    /** Creates or replaces the backend's profile ConfigMap for the profile's prompt set. */
    public void save(KubernetesClient client, LLMBackend backend, PromptSetProfile profile) {
        String json;
        try {
            json = mapper.writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String backendName = backend.getMetadata().getName();
        ConfigMap cm = new ConfigMapBuilder()
                .withNewMetadata().withName(name(backendName, profile.promptSet()))
                .withNamespace(backend.getMetadata().getNamespace())
                .addToLabels(PROFILE_LABEL, "true")
                .addToLabels("app.kubernetes.io/managed-by", "uniroute-operator")
                .addToAnnotations(BACKEND_ANNOTATION, backendName)
                .addToAnnotations(PROMPT_SET_ANNOTATION, profile.promptSet())
                .withOwnerReferences(owner(backend))
                .endMetadata()
                .withData(Map.of(PROFILE_KEY, json))
                .build();
        client.configMaps().inNamespace(backend.getMetadata().getNamespace()).resource(cm)
                .createOr(NonDeletingOperation::update);
    }

    /**
     * Points a kept profile ConfigMap at the backend object now holding its name (a backend deleted
     * and restored from a backup has a new uid), so the profile is the restored backend's.
     */
    public void adopt(KubernetesClient client, LLMBackend backend, ConfigMap cm) {
        client.configMaps().inNamespace(cm.getMetadata().getNamespace()).withName(cm.getMetadata().getName())
                .edit(c -> new ConfigMapBuilder(c).editMetadata().withOwnerReferences(List.of(owner(backend))).endMetadata().build());
    }

    private static OwnerReference owner(LLMBackend backend) {
        return new OwnerReferenceBuilder().withApiVersion(backend.getApiVersion()).withKind(backend.getKind())
                .withName(backend.getMetadata().getName()).withUid(backend.getMetadata().getUid()).withController(true).build();
    }
}
