package io.uniroute.demo;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code bin/uniroute demo} is told.
 *
 * @param quick        fewer λ values and held-out prompts: the CI form of the demo
 * @param useCluster   use the current kubeconfig's cluster instead of the embedded API
 * @param examples     the folder of YAML the demo applies ({@code examples/demo})
 * @param home         the project's root, where the sidecar's built jars are found
 * @param out          where the report goes
 * @param replayPort   the replay backends' port; the example backends point at 18090
 */
public record DemoOptions(boolean quick, boolean useCluster, Path examples, Path home, Path out, int replayPort,
        List<Double> costWeights) {

    static final int DEFAULT_REPLAY_PORT = 18090;

    public DemoOptions {
        costWeights = List.copyOf(costWeights);
    }

    static DemoOptions parse(String[] args) {
        boolean quick = false;
        boolean cluster = false;
        Path home = ProjectHome.find();
        Path examples = null;
        Path out = Path.of("demo-report");
        int port = DEFAULT_REPLAY_PORT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--use-current-cluster" -> cluster = true;
                case "--examples" -> examples = Path.of(value(args, ++i));
                case "--home" -> home = Path.of(value(args, ++i));
                case "--out" -> out = Path.of(value(args, ++i));
                case "--replay-port" -> port = Integer.parseInt(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
        }
        return new DemoOptions(quick, cluster, examples == null ? home.resolve("examples/demo") : examples, home, out,
                port, quick ? List.of(0.0, 0.3, 1.0) : List.of(0.0, 0.1, 0.2, 0.3, 0.5, 1.0));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + args[i - 1] + " needs a value");
        }
        return args[i];
    }

    static String usage() {
        return """
                usage: bin/uniroute demo [--quick] [--out DIR] [--use-current-cluster] [--replay-port 18090]
                                         [--examples DIR] [--home DIR]
                Runs the whole loop on this machine: an embedded Kubernetes API (or, with --use-current-cluster,
                the cluster of your kubeconfig), the operator, a sidecar and replay backends (a SIMULATION of
                real models from their recorded results). Writes DIR/report.md and DIR/cost-accuracy.svg.""";
    }
}
