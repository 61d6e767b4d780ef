package io.uniroute.operator.api;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A key of a Secret in the resource's own namespace. Only the reference ever leaves the Secret. */
public record SecretKeyRef(
        @Required @Size(min = 1, max = 253) String name,
        @Required @Size(min = 1, max = 253) String key) {
}
