package io.uniroute.operator.status;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events about our resources. An event that cannot be written is logged and
 * dropped: events are for people, never a reason to fail a reconcile. Messages are built by the
 * reconcilers from resource names and HTTP outcomes only, never from a Secret.
 */
public final class EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    public static final String COMPONENT = "uniroute-operator";

    private final KubernetesClient client;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void normal(HasMetadata about, String reason, String message) {
        record(about, "Normal", reason, message);
    }

    public void warning(HasMetadata about, String reason, String message) {
        record(about, "Warning", reason, message);
    }

    private void record(HasMetadata about, String type, String reason, String message) {
        String ns = about.getMetadata().getNamespace();
        String now = Conditions.now(clock);
        try {
            client.v1().events().inNamespace(ns).resource(new EventBuilder()
                    .withNewMetadata()
                    .withName(about.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .withNamespace(ns)
                    .endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(about.getApiVersion()).withKind(about.getKind())
                            .withName(about.getMetadata().getName()).withNamespace(ns)
                            .withUid(about.getMetadata().getUid()).build())
                    .withType(type).withReason(reason).withMessage(message)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .build()).create();
        } catch (RuntimeException e) {
            LOG.warn("could not record event {} for {}/{}: {}", reason, ns, about.getMetadata().getName(), e.getMessage());
        }
    }
}
