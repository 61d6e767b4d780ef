package io.uniroute.operator.api;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One chat message of a prompt. */
public record ChatMessage(
        @Required @Pattern("^(system|user|assistant)$") String role,
        @Required String content) {
}
