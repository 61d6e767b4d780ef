package io.uniroute.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Representative prompts, inline or from ConfigMaps (inline first, then each ConfigMap in order). */
@ValidationRule(value = "(has(self.prompts) && size(self.prompts) > 0) || (has(self.fromConfigMaps) && size(self.fromConfigMaps) > 0)",
        message = "a prompt set needs prompts or fromConfigMaps", reason = "FieldValueRequired")
public record PromptSetSpec(
        @Pattern(Graders.PATTERN) @Default("exact") @JsonPropertyDescription("Grader of prompts that name none")
        String defaultGrader,
        List<PromptItem> prompts,
        List<ConfigMapKeyRef> fromConfigMaps,
        @JsonPropertyDescription("The LLM judge of entries graded by 'judge' (grader or defaultGrader)")
        JudgeSpec judge) {

    public PromptSetSpec(String defaultGrader, List<PromptItem> prompts, List<ConfigMapKeyRef> fromConfigMaps) {
        this(defaultGrader, prompts, fromConfigMaps, null);
    }

    public String defaultGraderOrExact() {
        return defaultGrader == null ? "exact" : defaultGrader;
    }
}
