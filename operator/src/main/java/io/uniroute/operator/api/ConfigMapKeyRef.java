package io.uniroute.operator.api;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A ConfigMap key holding prompts as JSON lines, one object per line in the uniroute dataset
 * format v1 ({@code id}, {@code prompt}, {@code reference}, optional {@code grader}).
 */
public record ConfigMapKeyRef(
        @Required @Size(min = 1, max = 253) String name,
        @Required @Size(min = 1, max = 253) String key) {
}
