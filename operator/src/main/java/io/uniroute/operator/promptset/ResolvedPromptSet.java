package io.uniroute.operator.promptset;

import io.uniroute.operator.api.JudgeSpec;
import java.util.List;

/**
 * A prompt set's prompts in order, the content hash that keys every profile made from them, and its
 * judge (null when no entry is judge-graded).
 */
public record ResolvedPromptSet(String name, String hash, List<ResolvedPrompt> prompts, JudgeSpec judge) {

    public ResolvedPromptSet {
        prompts = List.copyOf(prompts);
    }

    public ResolvedPromptSet(String name, String hash, List<ResolvedPrompt> prompts) {
        this(name, hash, prompts, null);
    }

    /** Whether any entry is graded by the judge. */
    public boolean judged() {
        return prompts.stream().anyMatch(ResolvedPrompt::judged);
    }

    public int size() {
        return prompts.size();
    }
}
