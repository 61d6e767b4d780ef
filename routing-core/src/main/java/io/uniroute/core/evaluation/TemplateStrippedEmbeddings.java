package io.uniroute.core.evaluation;

import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.embedding.EmbeddingDiskCache;
import io.uniroute.core.embedding.SharedTemplate;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each trial's embeddings with the {@link SharedTemplate} of its <em>training</em> prompts stripped
 * from every prompt, as the operator strips the template it finds in a PromptSet (the test prompts
 * never take part in finding it). Embeddings are made once per distinct template and cached on
 * disk by the stripped texts, so a templated dataset whose template is found costs what the plain
 * one does. Thread-safe (trials run in parallel).
 */
final class TemplateStrippedEmbeddings implements TrialRunner.TrialEmbeddings {

    private final List<String> texts;
    private final Embedder embedder;
    private final EmbeddingDiskCache cache;
    private final PrintStream progress;
    private final boolean strip;
    private final Map<SharedTemplate, List<float[]>> byTemplate = new ConcurrentHashMap<>();
    private final Map<SharedTemplate, Integer> trialsByTemplate = new ConcurrentHashMap<>();

    /** {@code strip} false: every trial embeds the whole prompts (the figures before template stripping). */
    TemplateStrippedEmbeddings(List<String> texts, Embedder embedder, EmbeddingDiskCache cache, PrintStream progress,
            boolean strip) {
        this.texts = List.copyOf(texts);
        this.embedder = embedder;
        this.cache = cache;
        this.progress = progress;
        this.strip = strip;
    }

    @Override
    public List<float[]> forTraining(int[] trainRows) {
        SharedTemplate template = SharedTemplate.NONE;
        if (strip) {
            List<String> training = new ArrayList<>(trainRows.length);
            for (int i : trainRows) {
                training.add(texts.get(i));
            }
            template = SharedTemplate.detect(training);
        }
        trialsByTemplate.merge(template, 1, Integer::sum);
        return byTemplate.computeIfAbsent(template, this::embed);
    }

    /**
     * Embeds now, before the trials, with the template of the whole set (a trial's own, from its
     * training prompts, is the same on a templated copy; one that differs is embedded when asked).
     */
    void warmUp() {
        SharedTemplate template = strip ? SharedTemplate.detect(texts) : SharedTemplate.NONE;
        byTemplate.computeIfAbsent(template, this::embed);
    }

    /** For the report: what was stripped, in how many trials. */
    String summary() {
        if (!strip) {
            return "template strip off";
        }
        Map<String, Integer> counts = new TreeMap<>();
        trialsByTemplate.forEach((t, n) -> counts.merge(t.describe(), n, Integer::sum));
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        List<String> parts = new ArrayList<>();
        counts.forEach((d, n) -> parts.add((d.equals("none") ? "no template found" : "template stripped: " + d)
                + " in " + n + " of " + total + " trials"));
        return String.join("; ", parts) + " (found from each trial's training prompts)";
    }

    private List<float[]> embed(SharedTemplate template) {
        List<String> stripped = texts.stream().map(template::strip).toList();
        if (!template.isNone()) {
            progress.printf("template found in the training prompts: %s%n", template.describe());
        }
        return DatasetEmbeddings.of(stripped, embedder, cache, progress);
    }
}
