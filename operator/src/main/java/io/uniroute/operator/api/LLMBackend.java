package io.uniroute.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An LLM endpoint the operator profiles and the sidecar may route to. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Plural("llmbackends")
@ShortNames({"llmb", "llm"})
@AdditionalPrinterColumn(name = "Model", jsonPath = ".spec.model", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Accuracy", jsonPath = ".status.accuracy", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Cost/1kQ (USD)", jsonPath = ".status.costPer1kQueriesUsd", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class LLMBackend extends CustomResource<LLMBackendSpec, LLMBackendStatus> implements Namespaced {

    // records have no no-arg constructor: start with no spec and no status instead of reflection
    @Override
    protected LLMBackendSpec initSpec() {
        return null;
    }

    @Override
    protected LLMBackendStatus initStatus() {
        return null;
    }
}
