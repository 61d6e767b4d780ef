package io.uniroute.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Representative prompts with reference answers: what every backend is profiled on. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Plural("promptsets")
@ShortNames({"ps"})
@AdditionalPrinterColumn(name = "Prompts", jsonPath = ".status.prompts", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Hash", jsonPath = ".status.hash", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class PromptSet extends CustomResource<PromptSetSpec, PromptSetStatus> implements Namespaced {

    @Override
    protected PromptSetSpec initSpec() {
        return null;
    }

    @Override
    protected PromptSetStatus initStatus() {
        return null;
    }
}
