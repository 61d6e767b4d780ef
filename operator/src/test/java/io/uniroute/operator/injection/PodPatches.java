package io.uniroute.operator.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.List;

/** Applies our JSON Patch to a pod with a real RFC 6902 implementation (fabric8's zjsonpatch). */
final class PodPatches {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PodPatches() {
    }

    static Pod apply(Pod pod, List<JsonPatchOp> ops) {
        return apply(pod, Serialization.asJson(ops));
    }

    static Pod apply(Pod pod, String patchJson) {
        try {
            JsonNode patch = JSON.readTree(patchJson);
            JsonNode source = JSON.readTree(Serialization.asJson(pod));
            return Serialization.unmarshal(JSON.writeValueAsString(JsonPatch.apply(patch, source)), Pod.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Deployment-made pod asking for a sidecar: labelled, annotated, one app container. */
    static PodBuilder injectablePod(String policy) {
        return new PodBuilder()
                .withNewMetadata().withGenerateName("chat-app-7d9f-").addToLabels("app", "chat")
                .addToLabels(SidecarInjector.INJECT_LABEL, "true")
                .addToAnnotations(SidecarInjector.POLICY_ANNOTATION, policy).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("app").withImage("example/chat-app:1.2")
                .addNewPort().withContainerPort(3000).endPort().endContainer()
                .endSpec();
    }
}
