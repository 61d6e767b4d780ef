package io.uniroute.replay.datasets;

import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.hashing.Sha256;
import io.uniroute.core.dataset.PromptRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A dataset cut in two: {@code profiling} (the prompts a PromptSet holds, to profile and cluster
 * with) and {@code heldOut} (live traffic the router has never seen). Both keep every model and
 * the dataset's order; a prompt is in exactly one of them.
 */
public record DatasetSplit(Dataset profiling, Dataset heldOut) {

    /**
     * Holds out {@code heldOutFraction} of each task's prompts (rounded, at least one per task with
     * two or more prompts), chosen by a {@link Random} seeded with {@code seed}: the same arguments
     * always give the same split.
     */
    public static DatasetSplit stratified(Dataset dataset, double heldOutFraction, long seed) {
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("heldOutFraction must be in (0, 1), was " + heldOutFraction);
        }
        Map<String, List<PromptRecord>> byTask = new LinkedHashMap<>();
        dataset.prompts().forEach(p -> byTask.computeIfAbsent(String.valueOf(p.task()), t -> new ArrayList<>()).add(p));
        Random random = new Random(seed);
        Set<String> heldIds = new HashSet<>();
        byTask.keySet().stream().sorted().forEach(task -> {
            List<PromptRecord> prompts = new ArrayList<>(byTask.get(task));
            prompts.sort(Comparator.comparing(PromptRecord::id));
            Collections.shuffle(prompts, random);
            int n = prompts.size() < 2 ? 0 : Math.max(1, (int) Math.round(prompts.size() * heldOutFraction));
            prompts.subList(0, Math.min(n, prompts.size() - 1)).forEach(p -> heldIds.add(p.id()));
        });
        List<PromptRecord> kept = dataset.prompts().stream().filter(p -> !heldIds.contains(p.id())).toList();
        List<PromptRecord> held = dataset.prompts().stream().filter(p -> heldIds.contains(p.id())).toList();
        String tag = heldOutFraction + "/" + seed;
        return new DatasetSplit(
                new Dataset(dataset.name() + "-profiling", dataset.models(), kept, hash(dataset, "profiling", tag)),
                new Dataset(dataset.name() + "-heldout", dataset.models(), held, hash(dataset, "heldout", tag)));
    }

    private static String hash(Dataset parent, String part, String tag) {
        return Sha256.hex(parent.contentHash() + "|" + part + "|" + tag);
    }
}
