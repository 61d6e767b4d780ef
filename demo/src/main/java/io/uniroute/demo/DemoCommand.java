package io.uniroute.demo;

import java.util.Arrays;

/** {@code bin/uniroute demo}: see {@link DemoOptions#usage()}. Exits 0 when the loop completed. */
public final class DemoCommand {

    private DemoCommand() {
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(DemoOptions.usage());
            return;
        }
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("uniroute demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            new DemoRun(options, System.out).run();
            System.exit(0);
        } catch (Exception e) {
            System.err.println("uniroute demo failed: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
    }
}
