package io.uniroute.demo;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.uniroute.operator.api.LLMBackend;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.RoutingPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** {@code kubectl apply -f FILE} for the kinds the demo ships: create, or update what exists. */
final class YamlApply {

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "LLMBackend", LLMBackend.class, "PromptSet", PromptSet.class, "RoutingPolicy", RoutingPolicy.class,
            "Secret", Secret.class, "ConfigMap", ConfigMap.class);

    private YamlApply() {
    }

    /** Parses every document of the file into our typed resources; an unknown kind is an error. */
    static List<HasMetadata> read(Path file) throws IOException {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : Files.readString(file).split("(?m)^---\\s*$")) {
            if (doc.isBlank() || doc.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                continue;
            }
            Map<?, ?> raw = Serialization.unmarshal(doc, Map.class);
            Object kind = raw.get("kind");
            Class<? extends HasMetadata> type = KINDS.get(String.valueOf(kind));
            if (type == null) {
                throw new IllegalArgumentException(file + ": the demo does not apply kind " + kind);
            }
            out.add(Serialization.unmarshal(doc, type));
        }
        return out;
    }

    static List<HasMetadata> apply(KubernetesClient client, String namespace, Path file, UnaryOperator<HasMetadata> edit)
            throws IOException {
        List<HasMetadata> applied = new ArrayList<>();
        for (HasMetadata r : read(file)) {
            HasMetadata edited = edit.apply(r);
            edited.getMetadata().setNamespace(namespace);
            applied.add(client.resource(edited).inNamespace(namespace).createOr(NonDeletingOperation::update));
        }
        return applied;
    }
}
