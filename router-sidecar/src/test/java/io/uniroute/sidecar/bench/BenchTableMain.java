package io.uniroute.sidecar.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.uniroute.core.embedding.MiniLmEmbedder;
import io.uniroute.core.table.RoutingTableJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes what bench/side-by-side/run.sh needs, as {@link BenchTables} makes it: {@code routing.json}
 * (policy {@code bench}, every backend at {@code --endpoint}), {@code backend.txt} (a backend to pin),
 * and the traffic as JSON string literals, one per line: {@code prompts-repeat.txt} (50 prompts, sent
 * over and over: cache hits) and {@code prompts-new.txt} (prompts of 200–320 characters, about 60
 * word pieces, made unique per request by the load generator).
 * Usage: {@code BenchTableMain --endpoint URL --out DIR}.
 */
public final class BenchTableMain {

    private BenchTableMain() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = null;
        Path out = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--endpoint" -> endpoint = args[i + 1];
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (endpoint == null || out == null) {
            throw new IllegalArgumentException("usage: BenchTableMain --endpoint URL --out DIR");
        }
        var built = BenchTables.build(new MiniLmEmbedder(), 400, 200, 20, endpoint);
        Files.createDirectories(out);
        Files.writeString(out.resolve("routing.json"), new RoutingTableJson().write(built.table()));
        Files.writeString(out.resolve("backend.txt"), built.table().backends().get(0).name());
        ObjectMapper json = new ObjectMapper();
        List<String> repeat = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (String p : built.trafficPrompts()) {
            String one = p.replaceAll("\\s+", " ").strip();
            if (repeat.size() < 50) {
                repeat.add(json.writeValueAsString(one));
            }
            if (one.length() >= 200 && one.length() <= 320) {
                fresh.add(json.writeValueAsString(one));
            }
        }
        Files.write(out.resolve("prompts-repeat.txt"), repeat);
        Files.write(out.resolve("prompts-new.txt"), fresh);
        System.out.printf("wrote %s: %d repeated prompts, %d new-prompt templates%n", out, repeat.size(), fresh.size());
    }
}
