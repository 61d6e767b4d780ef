package io.uniroute.operator.promptset;

import java.util.List;

/** A prompt set's prompts in order, and the content hash that keys every profile made from them. */
public record ResolvedPromptSet(String name, String hash, List<ResolvedPrompt> prompts) {

    public ResolvedPromptSet {
        prompts = List.copyOf(prompts);
    }

    public int size() {
        return prompts.size();
    }
}
