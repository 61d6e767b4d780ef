package io.uniroute.core.evaluation;

import io.uniroute.core.embedding.TextWindow;
import java.nio.file.Path;

/**
 * The options of {@code bin/uniroute eval}. {@code k} ≤ 0 means {@code --k auto}.
 */
public record EvalOptions(Path dataset, int trials, long seed, int k, Path out, Path cache, int outputTokens,
        int knnNeighbours, int threads, TrialRunner.KSelectionData kSelection, boolean shrinkPsi, int[] newLlmPrompts,
        String window, String templatePreamble, String templateSuffix, boolean templateStrip,
        boolean templateCostPlain) {

    public static final String USAGE = """
            usage: bin/uniroute eval --dataset DIR [--trials N] [--seed S] [--k K|auto] [--out DIR] [--cache DIR]
                                     [--output-tokens T] [--knn K] [--threads N] [--k-psi validation|training]
                                     [--psi-shrinkage on|off] [--new-llm-prompts N|all]...
                                     [--window W] [--template-preamble FILE|builtin]
                                     [--template-suffix FILE|builtin] [--template-strip on|off]
                                     [--template-cost templated|plain]
              --dataset DIR        a folder in uniroute dataset format v1 (models.csv, prompts.jsonl)
              --trials N           random trials (default 10)
              --seed S             seed of the splits and of k-means (default 1)
              --k K|auto           clusters, or auto: chosen per trial by the paper's App. F.1 (default auto)
              --out DIR            where results.json, report.md, deferral-curve.svg go (default eval-out)
              --cache DIR          embedding cache (default ~/.cache/uniroute)
              --output-tokens T    assumed output length when the dataset records no cost_usd (default 256)
              --knn K              neighbours of the K-NN baseline (default 10)
              --threads N          trials run in parallel (default: available processors)
              --k-psi validation|training
                                   with --k auto, where the training LLMs' Ψ comes from: the validation
                                   prompts (Area then on the training prompts; default) or the reverse
              --psi-shrinkage on|off
                                   shrink each LLM's per-cluster Ψ toward its overall error (empirical
                                   Bayes, prior strength fitted on the training LLMs), in K selection and
                                   the UniRoute rows (default off)
              --new-llm-prompts N|all
                                   repeatable: also route with the unseen LLMs' Ψ from only N validation
                                   prompts chosen stratified by cluster (seeded), with and without
                                   shrinkage; writes new-llm-prompts.md / .json
              --window W           the embedder's text window: head-N, tail-N, headtail-H-N or pool-NxW
                                   (N <= 512 tokens; default DEFAULT_WINDOW; see docs/evaluation.md)
              --template-preamble FILE|builtin
                                   evaluate a copy of the dataset with this fixed preamble in front of
                                   every prompt (builtin: ~1,900 characters of assistant instructions)
              --template-suffix FILE|builtin
                                   evaluate a copy of the dataset with this fixed block after every
                                   prompt (builtin: ~1,800 characters of output-format rules)
              --template-strip on|off
                                   on (default): find the text every training prompt of a trial starts
                                   and ends with (as the operator does for a PromptSet) and strip it
                                   from train and test prompts before embedding; off: embed whole prompts
              --template-cost templated|plain
                                   templated (default): a templated copy's prompts cost their longer
                                   input; plain: cost them as the plain prompts (a control that keeps
                                   only what the template does to routing)
            """.replace("DEFAULT_WINDOW", TextWindow.DEFAULT.name());

    /** Parses the command line; a bad option is an {@link IllegalArgumentException} with a message for people. */
    public static EvalOptions parse(String[] args) {
        Path dataset = null;
        int trials = 10;
        long seed = 1;
        int k = 0;
        Path out = Path.of("eval-out");
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "uniroute");
        int outputTokens = 256;
        int knn = 10;
        int threads = Runtime.getRuntime().availableProcessors();
        TrialRunner.KSelectionData kSelection = TrialRunner.KSelectionData.PSI_FROM_VALIDATION;
        boolean shrinkPsi = false;
        java.util.List<Integer> newLlmPrompts = new java.util.ArrayList<>();
        String window = TextWindow.DEFAULT.name();
        String templatePreamble = null;
        String templateSuffix = null;
        boolean templateStrip = true;
        boolean templateCostPlain = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                throw new HelpRequested();
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--dataset" -> dataset = Path.of(v);
                case "--trials" -> trials = positive(a, v);
                case "--seed" -> seed = parseLong(a, v);
                case "--k" -> k = v.equals("auto") ? 0 : positive(a, v);
                case "--out" -> out = Path.of(v);
                case "--cache" -> cache = Path.of(v);
                case "--output-tokens" -> outputTokens = positive(a, v);
                case "--knn" -> knn = positive(a, v);
                case "--threads" -> threads = positive(a, v);
                case "--k-psi" -> kSelection = switch (v) {
                    case "validation" -> TrialRunner.KSelectionData.PSI_FROM_VALIDATION;
                    case "training" -> TrialRunner.KSelectionData.PSI_FROM_TRAINING;
                    default -> throw new IllegalArgumentException("--k-psi must be validation or training, was " + v);
                };
                case "--psi-shrinkage" -> shrinkPsi = switch (v) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("--psi-shrinkage must be on or off, was " + v);
                };
                case "--new-llm-prompts" -> {
                    int n = v.equals("all") ? NewLlmBudgets.ALL : positive(a, v);
                    if (!newLlmPrompts.contains(n)) {
                        newLlmPrompts.add(n);
                    }
                }
                case "--window" -> window = TextWindow.parse(v).name();
                case "--template-preamble" -> templatePreamble = v;
                case "--template-suffix" -> templateSuffix = v;
                case "--template-strip" -> templateStrip = switch (v) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("--template-strip must be on or off, was " + v);
                };
                case "--template-cost" -> templateCostPlain = switch (v) {
                    case "plain" -> true;
                    case "templated" -> false;
                    default -> throw new IllegalArgumentException("--template-cost must be templated or plain, was " + v);
                };
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (dataset == null) {
            throw new IllegalArgumentException("--dataset DIR is required");
        }
        return new EvalOptions(dataset, trials, seed, k, out, cache, outputTokens, knn, threads, kSelection, shrinkPsi,
                newLlmPrompts.stream().mapToInt(Integer::intValue).toArray(), window, templatePreamble, templateSuffix,
                templateStrip, templateCostPlain);
    }

    private static int positive(String option, String v) {
        long n = parseLong(option, v);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(option + " must be a positive integer, was " + v);
        }
        return (int) n;
    }

    private static long parseLong(String option, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be an integer, was " + v);
        }
    }

    /** Thrown by {@link #parse} for -h/--help. */
    public static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super("help", null, false, false);
        }
    }
}
