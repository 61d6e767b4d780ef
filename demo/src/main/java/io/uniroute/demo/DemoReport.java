package io.uniroute.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Writes the demo's results as Markdown with a cost–accuracy plot beside it. */
final class DemoReport {

    private final Path dir;

    DemoReport(Path dir) {
        this.dir = dir;
    }

    Path write(DemoResult r) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("cost-accuracy.svg"), plot(r));
        StringBuilder md = new StringBuilder();
        md.append("# uniroute demo report\n\n");
        md.append("Backends are **replay backends: a simulation** that answers as real models did in their recorded\n")
                .append("results (a ").append("subset of the MIT-licensed llmrouter data). ")
                .append(r.heldOutPrompts()).append(" held-out prompts, never profiled, were sent through the sidecar;\n")
                .append("each answer was graded with its prompt's grader, and charged at the backend's price for the\n")
                .append("tokens the backend reported.\n\n");
        md.append(String.format(Locale.ROOT, "- %d backends at the start, %d clusters; then **%s** joined with one apply: "
                + "profiled, routable, centroids %s.%n", r.backends().size(), r.clusters(), r.lateBackend(),
                r.centroidsUnchanged() ? "unchanged (no retraining)" : "changed"));
        md.append(String.format(Locale.ROOT, "- Run time: %d s.%n%n", r.elapsed().toSeconds()));
        if (r.calls() != null) {
            md.append(r.calls().text()).append("\n\n");
        }
        md.append("![cost and accuracy](cost-accuracy.svg)\n\n");
        section(md, "Before " + r.lateBackend() + " joined", r.before());
        section(md, "After " + r.lateBackend() + " joined", r.after());
        md.append("Produced by `bin/uniroute demo`.\n");
        Path report = dir.resolve("report.md");
        Files.writeString(report, md.toString());
        return report;
    }

    private static void section(StringBuilder md, String title, DemoRun.Phase p) {
        md.append("## ").append(title).append("\n\n");
        md.append("| | accuracy | USD per 1k queries | share of traffic |\n|---|---|---|---|\n");
        for (TrafficResult t : p.routed()) {
            md.append(String.format(Locale.ROOT, "| %s | %.3f | %.4f | %s |%n", t.label(), t.accuracy(), 1000 * t.meanCostUsd(),
                    DemoRun.shares(t)));
        }
        p.pinned().stream().sorted(Comparator.comparingDouble(TrafficResult::meanCostUsd)).forEach(t -> md.append(String.format(
                Locale.ROOT, "| %s (alone) | %.3f | %.4f | |%n", t.label(), t.accuracy(), 1000 * t.meanCostUsd())));
        md.append(String.format(Locale.ROOT, "| oracle (hindsight) | %.3f | %.4f | |%n%n", p.oracle().accuracy(),
                1000 * p.oracle().meanCostUsd()));
    }

    private static String plot(DemoResult r) {
        List<CostAccuracyPlot.Point> models = new ArrayList<>();
        r.after().pinned().forEach(t -> models.add(new CostAccuracyPlot.Point(t.label(), t.meanCostUsd(), t.accuracy())));
        List<CostAccuracyPlot.Point> router = r.after().routed().stream()
                .map(t -> new CostAccuracyPlot.Point(t.label(), t.meanCostUsd(), t.accuracy()))
                .sorted(Comparator.comparingDouble(CostAccuracyPlot.Point::cost)).toList();
        TrafficResult o = r.after().oracle();
        return CostAccuracyPlot.svg("uniroute on held-out prompts (replay simulation), all backends", models, router,
                new CostAccuracyPlot.Point("oracle", o.meanCostUsd(), o.accuracy()));
    }
}
