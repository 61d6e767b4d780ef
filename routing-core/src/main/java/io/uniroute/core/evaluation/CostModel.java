package io.uniroute.core.evaluation;

import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.dataset.ModelInfo;
import io.uniroute.core.dataset.PromptRecord;
import java.util.List;

/**
 * What answering each prompt with each LLM costs, in USD: the recorded {@code cost_usd} when the
 * dataset has it for every (prompt, model), else prices × tokens, with input tokens estimated as
 * prompt characters / 4 and a fixed assumed output length (the dataset records no token counts).
 */
public record CostModel(double[][] usd, String description) {

    public static final double CHARS_PER_TOKEN = 4.0;

    /** cost[prompt][model] in the dataset's prompt and model order. */
    public static CostModel of(Dataset dataset, int assumedOutputTokens) {
        List<ModelInfo> models = dataset.models();
        List<PromptRecord> prompts = dataset.prompts();
        double[][] usd = new double[prompts.size()][models.size()];
        if (dataset.hasRecordedCosts()) {
            for (int i = 0; i < prompts.size(); i++) {
                for (int h = 0; h < models.size(); h++) {
                    usd[i][h] = prompts.get(i).costUsd().get(models.get(h).name());
                }
            }
            return new CostModel(usd, "recorded cost_usd per prompt and model");
        }
        for (ModelInfo m : models) {
            if (m.inputUsdPerMtok() == null || m.outputUsdPerMtok() == null) {
                throw new IllegalArgumentException("model " + m.name() + " has no price in models.csv and the dataset"
                        + " records no cost_usd: cannot cost it");
            }
        }
        for (int i = 0; i < prompts.size(); i++) {
            double inputTokens = Math.ceil(prompts.get(i).prompt().length() / CHARS_PER_TOKEN);
            for (int h = 0; h < models.size(); h++) {
                usd[i][h] = models.get(h).costUsd(inputTokens, assumedOutputTokens).orElseThrow();
            }
        }
        return new CostModel(usd, String.format("prices from models.csv × tokens: input = prompt characters / %.0f,"
                + " output = %d tokens assumed (the dataset records no token counts)", CHARS_PER_TOKEN, assumedOutputTokens));
    }
}
