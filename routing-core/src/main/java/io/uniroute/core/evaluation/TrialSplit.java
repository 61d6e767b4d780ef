package io.uniroute.core.evaluation;

import java.util.Arrays;
import java.util.Random;

/**
 * One trial's random split (PAPERS.md protocol): prompts 60/10/30 into train/validation/test, LLMs
 * 2/3 training and 1/3 unseen test LLMs. Indices refer to the dataset's order.
 */
public record TrialSplit(int[] train, int[] validation, int[] test, int[] trainLlms, int[] testLlms) {

    public static TrialSplit random(int prompts, int llms, Random random) {
        if (prompts < 3) {
            throw new IllegalArgumentException("need at least 3 prompts to split train/validation/test, have " + prompts);
        }
        if (llms < 2) {
            throw new IllegalArgumentException("need at least 2 LLMs to split training/test LLMs, have " + llms);
        }
        int[] p = permutation(prompts, random);
        int nTrain = Math.max(1, (int) Math.round(prompts * 0.6));
        int nVal = Math.max(1, (int) Math.round(prompts * 0.1));
        nTrain = Math.min(nTrain, prompts - nVal - 1);
        int[] m = permutation(llms, random);
        int nTrainLlms = Math.min(llms - 1, Math.max(1, (int) Math.round(llms * 2.0 / 3)));
        return new TrialSplit(
                sorted(Arrays.copyOfRange(p, 0, nTrain)),
                sorted(Arrays.copyOfRange(p, nTrain, nTrain + nVal)),
                sorted(Arrays.copyOfRange(p, nTrain + nVal, prompts)),
                sorted(Arrays.copyOfRange(m, 0, nTrainLlms)),
                sorted(Arrays.copyOfRange(m, nTrainLlms, llms)));
    }

    private static int[] permutation(int n, Random random) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    private static int[] sorted(int[] a) {
        Arrays.sort(a);
        return a;
    }
}
