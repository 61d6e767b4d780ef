package io.uniroute.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** The backend's price in US dollars per million tokens. */
@ValidationRule(value = "self.inputPerMillionTokens >= 0.0 && self.outputPerMillionTokens >= 0.0",
        message = "prices must be >= 0", reason = "FieldValueInvalid")
public record Cost(
        @Required @Min(0) @JsonPropertyDescription("USD per million input (prompt) tokens") Double inputPerMillionTokens,
        @Required @Min(0) @JsonPropertyDescription("USD per million output (completion) tokens") Double outputPerMillionTokens) {
}
