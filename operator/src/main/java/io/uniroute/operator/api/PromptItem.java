package io.uniroute.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A representative prompt with its reference answer and the grader that judges answers to it. */
@ValidationRule(value = "has(self.prompt) != has(self.messages)", message = "give exactly one of prompt or messages",
        reason = "FieldValueInvalid")
public record PromptItem(
        @Required @Size(min = 1, max = 253) @Pattern("^[A-Za-z0-9][A-Za-z0-9._:-]*$") String id,
        @JsonPropertyDescription("The prompt as one user message (shorthand for messages)") String prompt,
        @Size(min = 1) List<ChatMessage> messages,
        @Size(min = 1) @JsonPropertyDescription("The reference answer; a regular expression for the regex grader; optional for the judge grader")
        String reference,
        @Pattern(Graders.PATTERN) @JsonPropertyDescription("Overrides the prompt set's defaultGrader") String grader,
        @JsonPropertyDescription("numeric: relative tolerance; f1: threshold in (0, 1]") Double graderParameter) {
}
