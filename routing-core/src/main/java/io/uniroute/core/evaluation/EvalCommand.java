package io.uniroute.core.evaluation;

import io.uniroute.core.dataset.Dataset;
import io.uniroute.core.dataset.DatasetFormatException;
import io.uniroute.core.dataset.DatasetReader;
import io.uniroute.core.dataset.PromptRecord;
import io.uniroute.core.embedding.Embedder;
import io.uniroute.core.embedding.EmbeddingDiskCache;
import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.core.embedding.TextWindow;
import io.uniroute.core.routing.KSelection;
import io.uniroute.core.routing.LearnedMapFitter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bin/uniroute eval}: the UniRoute paper's offline evaluation on a format v1 dataset
 * (protocol in PAPERS.md and {@link TrialRunner}); writes results.json, report.md and
 * deferral-curve.svg into {@code --out}. Progress goes to stderr.
 */
public final class EvalCommand {

    private final Embedder embedder;
    private final PrintStream progress;

    public EvalCommand(Embedder embedder, PrintStream progress) {
        this.embedder = embedder;
        this.progress = progress;
    }

    public static void main(String[] args) {
        EvalOptions options;
        try {
            options = EvalOptions.parse(args);
        } catch (EvalOptions.HelpRequested e) {
            System.out.print(EvalOptions.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("uniroute eval: " + e.getMessage());
            System.err.print(EvalOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            EvalReport report = new EvalCommand(new MiniLmEmbedder(TextWindow.parse(options.window())), System.err).run(options, "bin/uniroute eval " + String.join(" ", args));
            System.err.println("wrote " + options.out().resolve("results.json") + ", report.md, deferral-curve.svg");
            report.invalidity().ifPresent(why -> System.err.println("uniroute eval: INVALID RUN: " + why));
            System.out.print(report.markdown());
        } catch (DatasetFormatException | IllegalArgumentException | UncheckedIOException e) {
            System.err.println("uniroute eval: " + e.getMessage());
            System.exit(1);
        }
    }

    public EvalReport run(EvalOptions options, String command) {
        long start = System.nanoTime();
        progress.println("reading " + options.dataset());
        Dataset dataset = new DatasetReader().read(options.dataset());
        Dataset plain = dataset;
        if (options.templatePreamble() != null || options.templateSuffix() != null) {
            String preamble = options.templatePreamble() == null ? null : TemplatedDataset.preamble(options.templatePreamble());
            String suffix = options.templateSuffix() == null ? null : TemplatedDataset.suffix(options.templateSuffix());
            if (preamble != null) {
                progress.printf("templated: a %d-character preamble in front of every prompt%n", preamble.length());
            }
            if (suffix != null) {
                progress.printf("templated: a %d-character block of instructions after every prompt%n", suffix.length());
            }
            dataset = TemplatedDataset.of(dataset, preamble, suffix);
        }
        List<String> models = dataset.modelNames();
        double[][] errors = errors(dataset);
        // --template-cost plain: the control where the template changes only what is embedded, not the cost
        CostModel costs = CostModel.of(options.templateCostPlain() ? plain : dataset, options.outputTokens());
        if (options.templateCostPlain() && plain != dataset) {
            progress.println("costs: as the plain prompts' (--template-cost plain)");
        }
        TemplateStrippedEmbeddings embeddings = new TemplateStrippedEmbeddings(
                dataset.prompts().stream().map(PromptRecord::prompt).toList(), embedder,
                new EmbeddingDiskCache(options.cache()), progress, options.templateStrip());
        embeddings.warmUp(); // embed before the trials start, as before: progress is not interleaved with trials

        TrialRunner runner = new TrialRunner(models, dataset.prompts().size(), embeddings, errors, costs.usd(),
                new TrialRunner.Settings(options.k(), KSelection.DEFAULT_GRID, options.knnNeighbours(),
                        LearnedMapFitter.Options.defaults(), options.kSelection(), options.shrinkPsi(), options.newLlmPrompts()));
        List<TrialResult> trials = runTrials(runner, options);
        progress.println(embeddings.summary());
        double seconds = (System.nanoTime() - start) / 1e9;
        EvalReport report = new EvalReport(new EvalReport.RunInfo(dataset.name(), dataset.prompts().size(), models,
                embedder.id() + " (" + embedder.dimension() + "-d); " + embeddings.summary(),
                costs.description() + (options.templateCostPlain() && plain != dataset ? " (of the prompts without the template)" : ""),
                options.k() > 0 ? String.valueOf(options.k()) : "auto (App. F.1, " + kSelectionText(options.kSelection()) + ")"
                        + (options.shrinkPsi() ? "; Ψ shrunk toward each LLM's overall error (empirical Bayes)" : ""),
                options.knnNeighbours(), options.seed(),
                command, seconds), trials);
        report.writeTo(options.out());
        if (options.newLlmPrompts().length > 0) {
            new NewLlmPromptsReport(options.newLlmPrompts(), trials, command).writeTo(options.out());
        }
        return report;
    }

    private List<TrialResult> runTrials(TrialRunner runner, EvalOptions options) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.threads(), options.trials()));
        long trialStart = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<TrialResult>> futures = new ArrayList<>();
            for (int t = 0; t < options.trials(); t++) {
                int trial = t;
                long seed = options.seed() * 1_000_003L + trial; // each trial its own, reproducible split
                futures.add(pool.submit(() -> {
                    TrialResult r = runner.run(trial, seed);
                    int n = done.incrementAndGet();
                    synchronized (progress) {
                        progress.printf("trial %d/%d done (K = %d, test LLMs %s) %.0f s%n", n, options.trials(), r.k(),
                                r.testLlms(), (System.nanoTime() - trialStart) / 1e9);
                    }
                    return r;
                }));
            }
            List<TrialResult> out = new ArrayList<>();
            for (Future<TrialResult> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** err[prompt][model]; every prompt must score every model (a router compares them all). */
    static double[][] errors(Dataset dataset) {
        List<String> models = dataset.modelNames();
        double[][] out = new double[dataset.prompts().size()][models.size()];
        for (int i = 0; i < out.length; i++) {
            PromptRecord p = dataset.prompts().get(i);
            for (int h = 0; h < models.size(); h++) {
                if (!p.scores().containsKey(models.get(h))) {
                    throw new IllegalArgumentException("prompt " + p.id() + " has no score for model " + models.get(h)
                            + ": the evaluation needs every model scored on every prompt");
                }
                out[i][h] = p.error(models.get(h));
            }
        }
        return out;
    }

    static String kSelectionText(TrialRunner.KSelectionData data) {
        return "grid " + Arrays.toString(KSelection.DEFAULT_GRID) + "; training LLMs' Ψ from the "
                + (data == TrialRunner.KSelectionData.PSI_FROM_VALIDATION
                        ? "validation prompts, Area on the training prompts"
                        : "training prompts, Area on the validation prompts");
    }
}
