package io.uniroute.core.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.uniroute.core.hashing.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads any folder in uniroute dataset format v1 ({@code models.csv} + {@code prompts.jsonl}).
 * Strict: a malformed line, a score for a model {@code models.csv} does not list, a score outside
 * [0, 1] or a duplicate id fails with a {@link DatasetFormatException} naming file and line.
 */
public final class DatasetReader {

    static final String MODELS_FILE = "models.csv";
    static final String PROMPTS_FILE = "prompts.jsonl";
    private static final List<String> MODELS_HEADER =
            List.of("model", "input_usd_per_mtok", "output_usd_per_mtok", "params_b");

    private final ObjectMapper json = new ObjectMapper();

    public Dataset read(Path folder) {
        Path modelsFile = folder.resolve(MODELS_FILE);
        Path promptsFile = folder.resolve(PROMPTS_FILE);
        try {
            String name = folder.toAbsolutePath().normalize().getFileName().toString();
            return parse(name, modelsFile, readAll(modelsFile), promptsFile, readAll(promptsFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset " + folder, e);
        }
    }

    /**
     * Reads a dataset held in memory (a classpath resource, say): the bytes of its {@code models.csv}
     * and {@code prompts.jsonl}. {@code name} becomes {@link Dataset#name()} and prefixes the file
     * names in error messages.
     */
    public Dataset read(String name, byte[] modelsCsv, byte[] promptsJsonl) {
        Path label = Path.of(name);
        return parse(name, label.resolve(MODELS_FILE), modelsCsv, label.resolve(PROMPTS_FILE), promptsJsonl);
    }

    private Dataset parse(String name, Path modelsFile, byte[] modelsBytes, Path promptsFile, byte[] promptsBytes) {
        List<ModelInfo> models = parseModels(modelsFile, new String(modelsBytes, StandardCharsets.UTF_8));
        Set<String> known = new HashSet<>();
        models.forEach(m -> known.add(m.name()));
        List<PromptRecord> prompts = parsePrompts(promptsFile, new String(promptsBytes, StandardCharsets.UTF_8), known);
        return new Dataset(name, models, prompts, Sha256.hex(modelsBytes, promptsBytes));
    }

    private static byte[] readAll(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetFormatException(file, 0, "missing (a format v1 dataset has models.csv and prompts.jsonl)");
        }
        return Files.readAllBytes(file);
    }

    private List<ModelInfo> parseModels(Path file, String text) {
        String[] lines = text.split("\r?\n");
        if (lines.length == 0 || !List.of(lines[0].trim().split(",", -1)).equals(MODELS_HEADER)) {
            throw new DatasetFormatException(file, 1, "header must be " + String.join(",", MODELS_HEADER));
        }
        List<ModelInfo> models = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 4) {
                throw new DatasetFormatException(file, lineNo, "expected 4 fields, found " + f.length);
            }
            String name = f[0].trim();
            if (name.isEmpty()) {
                throw new DatasetFormatException(file, lineNo, "empty model name");
            }
            if (!seen.add(name)) {
                throw new DatasetFormatException(file, lineNo, "duplicate model " + name);
            }
            models.add(new ModelInfo(name, price(file, lineNo, f[1]), price(file, lineNo, f[2]), price(file, lineNo, f[3])));
        }
        if (models.isEmpty()) {
            throw new DatasetFormatException(file, 0, "lists no model");
        }
        return models;
    }

    private static Double price(Path file, int line, String field) {
        String v = field.trim();
        if (v.isEmpty()) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new DatasetFormatException(file, line, "negative or non-finite number: " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new DatasetFormatException(file, line, "not a number: " + v);
        }
    }

    private List<PromptRecord> parsePrompts(Path file, String text, Set<String> knownModels) {
        List<PromptRecord> prompts = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (JsonProcessingException e) {
                throw new DatasetFormatException(file, lineNo, "malformed JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw new DatasetFormatException(file, lineNo, "not a JSON object");
            }
            String id = requiredText(file, lineNo, node, "id");
            if (!ids.add(id)) {
                throw new DatasetFormatException(file, lineNo, "duplicate id " + id);
            }
            String prompt = requiredText(file, lineNo, node, "prompt");
            Map<String, Double> scores = modelNumbers(file, lineNo, node, "scores", knownModels, true);
            if (scores.isEmpty()) {
                throw new DatasetFormatException(file, lineNo, "scores is empty");
            }
            Map<String, Double> costs = node.hasNonNull("cost_usd")
                    ? modelNumbers(file, lineNo, node, "cost_usd", knownModels, false)
                    : Map.of();
            prompts.add(new PromptRecord(id, optionalText(node, "task"), prompt, optionalText(node, "reference"),
                    choices(file, lineNo, node), optionalText(node, "metric"), optionalText(node, "split"),
                    scores, costs));
        }
        if (prompts.isEmpty()) {
            throw new DatasetFormatException(file, 0, "holds no prompt");
        }
        return prompts;
    }

    private static String requiredText(Path file, int line, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isEmpty()) {
            throw new DatasetFormatException(file, line, "missing or empty field '" + field + "'");
        }
        return v.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    private static List<String> choices(Path file, int line, JsonNode node) {
        JsonNode v = node.get("choices");
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            // Some sources (llmrouter among them) store the options as a Python literal string.
            List<String> parsed = ChoicesLiteral.parse(v.asText());
            if (parsed == null) {
                throw new DatasetFormatException(file, line,
                        "'choices' is a string that is neither a JSON nor a Python list of options");
            }
            return parsed;
        }
        if (!v.isArray()) {
            throw new DatasetFormatException(file, line, "'choices' must be an array, a list literal string or null");
        }
        List<String> out = new ArrayList<>();
        v.forEach(c -> out.add(c.isValueNode() ? c.asText() : c.toString()));
        return out;
    }

    private static Map<String, Double> modelNumbers(Path file, int line, JsonNode node, String field,
            Set<String> knownModels, boolean unitInterval) {
        JsonNode v = node.get(field);
        if (v == null || !v.isObject()) {
            throw new DatasetFormatException(file, line, "'" + field + "' must be an object {model: number}");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        var it = v.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!knownModels.contains(e.getKey())) {
                throw new DatasetFormatException(file, line, "unknown model '" + e.getKey() + "' in '" + field
                        + "' (not in " + MODELS_FILE + ")");
            }
            JsonNode n = e.getValue();
            if (!n.isNumber()) {
                throw new DatasetFormatException(file, line, "'" + field + "." + e.getKey() + "' is not a number");
            }
            double d = n.asDouble();
            if (unitInterval ? !(d >= 0 && d <= 1) : !(d >= 0) || Double.isInfinite(d)) {
                throw new DatasetFormatException(file, line, "'" + field + "." + e.getKey() + "' = " + d
                        + (unitInterval ? " is outside [0, 1]" : " is negative or not finite"));
            }
            out.put(e.getKey(), d);
        }
        return out;
    }

}
