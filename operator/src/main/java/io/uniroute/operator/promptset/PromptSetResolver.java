package io.uniroute.operator.promptset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.uniroute.core.grading.Graders;
import io.uniroute.core.hashing.Sha256;
import io.uniroute.operator.api.ChatMessage;
import io.uniroute.operator.api.ConfigMapKeyRef;
import io.uniroute.operator.api.JudgeSpec;
import io.uniroute.operator.api.PromptItem;
import io.uniroute.operator.api.PromptSet;
import io.uniroute.operator.api.PromptSetSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a PromptSet (inline prompts, then JSON-lines ConfigMaps), validates every prompt the way a
 * person needs to hear about it, and computes the content hash. The mock API server does no schema
 * validation and a real one cannot check graders or regexes, so everything is checked here.
 * ConfigMaps come from a lookup (the PromptSetReconciler's informer cache), never from the API.
 */
public final class PromptSetResolver {

    public static final int MAX_PROMPTS = 20_000;
    public static final String REASON_NOT_FOUND = "PromptSetNotFound";
    public static final String REASON_INVALID = "PromptSetInvalid";
    public static final String REASON_EMPTY = "PromptSetEmpty";

    private final ObjectMapper mapper = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /**
     * @param configMaps the ConfigMap of the set's namespace with that name, or null when there is none
     */
    public ResolvedPromptSet resolve(PromptSet ps, Function<String, ConfigMap> configMaps) throws PromptSetException {
        String where = "PromptSet " + ps.getMetadata().getName();
        PromptSetSpec spec = ps.getSpec();
        if (spec == null) {
            throw new PromptSetException(REASON_EMPTY, where + " has no spec");
        }
        String defaultGrader = spec.defaultGraderOrExact();
        checkGraderName(defaultGrader, where + ": defaultGrader");
        List<ResolvedPrompt> out = new ArrayList<>();
        if (spec.prompts() != null) {
            for (int i = 0; i < spec.prompts().size(); i++) {
                PromptItem p = spec.prompts().get(i);
                if (p == null) {
                    throw new PromptSetException(REASON_INVALID, where + ": prompts[" + i + "] is empty");
                }
                out.add(resolveItem(p, defaultGrader, where + ": prompts[" + i + "]" + (p.id() == null ? "" : " (" + p.id() + ")")));
            }
        }
        if (spec.fromConfigMaps() != null) {
            for (ConfigMapKeyRef ref : spec.fromConfigMaps()) {
                out.addAll(readConfigMap(configMaps, ref, defaultGrader, where));
            }
        }
        if (out.isEmpty()) {
            throw new PromptSetException(REASON_EMPTY, where + " has no prompts: add spec.prompts or spec.fromConfigMaps");
        }
        if (out.size() > MAX_PROMPTS) {
            throw new PromptSetException(REASON_INVALID, where + " has " + out.size() + " prompts, more than the " + MAX_PROMPTS + " supported");
        }
        Set<String> ids = new HashSet<>();
        for (ResolvedPrompt p : out) {
            if (!ids.add(p.id())) {
                throw new PromptSetException(REASON_INVALID, where + ": prompt id " + p.id() + " appears twice");
            }
        }
        JudgeSpec judge = spec.judge();
        boolean judged = out.stream().anyMatch(ResolvedPrompt::judged);
        if (judged && judge == null) {
            throw new PromptSetException(REASON_INVALID, where + ": entries graded by 'judge' need spec.judge "
                    + "(backendRef: the LLMBackend that judges)");
        }
        if (judge != null) {
            if (judge.backendRef() == null || judge.backendRef().isBlank()) {
                throw new PromptSetException(REASON_INVALID, where + ": spec.judge.backendRef must name an LLMBackend");
            }
            double t = judge.passThresholdOrDefault();
            if (!(t >= 0 && t <= 1)) {
                throw new PromptSetException(REASON_INVALID, where + ": spec.judge.passThreshold must be in [0, 1], was " + t);
            }
        }
        return new ResolvedPromptSet(ps.getMetadata().getName(), hash(out, judged ? judge : null), out, judged ? judge : null);
    }

    private ResolvedPrompt resolveItem(PromptItem p, String defaultGrader, String where) throws PromptSetException {
        if (p.id() == null || p.id().isBlank()) {
            throw new PromptSetException(REASON_INVALID, where + " has no id");
        }
        boolean hasPrompt = p.prompt() != null;
        boolean hasMessages = p.messages() != null && !p.messages().isEmpty();
        if (hasPrompt == hasMessages) {
            throw new PromptSetException(REASON_INVALID, where + ": give exactly one of prompt or messages");
        }
        List<ChatMessage> messages = hasPrompt ? List.of(new ChatMessage("user", p.prompt())) : p.messages();
        for (ChatMessage m : messages) {
            if (m == null || m.role() == null || !Set.of("system", "user", "assistant").contains(m.role())) {
                throw new PromptSetException(REASON_INVALID, where + ": every message needs a role of system, user or assistant");
            }
            if (m.content() == null || m.content().isBlank()) {
                throw new PromptSetException(REASON_INVALID, where + ": a message has no content");
            }
        }
        if (messages.stream().noneMatch(m -> "user".equals(m.role()))) {
            throw new PromptSetException(REASON_INVALID, where + ": needs at least one user message");
        }
        String grader = p.grader() == null ? defaultGrader : p.grader();
        checkGraderName(grader, where + ": grader");
        if (io.uniroute.operator.api.Graders.JUDGE.equals(grader)) { // the reference is optional: the judge uses it when given
            if (p.reference() != null && p.reference().isBlank()) {
                throw new PromptSetException(REASON_INVALID, where + ": reference answer is empty (omit it for an open-ended prompt)");
            }
            return new ResolvedPrompt(p.id(), messages, p.reference(), grader, null);
        }
        try {
            Graders.validateReference(grader, p.reference());
            Graders.of(grader, p.graderParameter());
        } catch (IllegalArgumentException e) {
            throw new PromptSetException(REASON_INVALID, where + ": " + e.getMessage());
        }
        return new ResolvedPrompt(p.id(), messages, p.reference(), grader, p.graderParameter());
    }

    private static void checkGraderName(String grader, String where) throws PromptSetException {
        if (!Graders.NAMES.contains(grader) && !io.uniroute.operator.api.Graders.JUDGE.equals(grader)) {
            throw new PromptSetException(REASON_INVALID, where + " '" + grader + "' is unknown (known: " + String.join(", ", Graders.NAMES)
                    + ", " + io.uniroute.operator.api.Graders.JUDGE + ")");
        }
    }

    private List<ResolvedPrompt> readConfigMap(Function<String, ConfigMap> configMaps, ConfigMapKeyRef ref, String defaultGrader,
            String where)
            throws PromptSetException {
        if (ref == null || ref.name() == null || ref.key() == null) {
            throw new PromptSetException(REASON_INVALID, where + ": fromConfigMaps entries need name and key");
        }
        ConfigMap cm = configMaps.apply(ref.name());
        if (cm == null) {
            throw new PromptSetException(REASON_INVALID, where + ": ConfigMap " + ref.name() + " does not exist");
        }
        String text = cm.getData() == null ? null : cm.getData().get(ref.key());
        if (text == null) {
            throw new PromptSetException(REASON_INVALID, where + ": ConfigMap " + ref.name() + " has no key " + ref.key());
        }
        List<ResolvedPrompt> out = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String at = where + ": ConfigMap " + ref.name() + "/" + ref.key() + " line " + (i + 1);
            JsonNode n;
            try {
                n = mapper.readTree(lines[i]);
            } catch (JsonProcessingException e) {
                throw new PromptSetException(REASON_INVALID, at + " is not JSON: " + e.getOriginalMessage());
            }
            if (n == null || !n.isObject()) {
                throw new PromptSetException(REASON_INVALID, at + " is not a JSON object");
            }
            out.add(resolveItem(new PromptItem(text(n, "id"), text(n, "prompt"), null, text(n, "reference"), text(n, "grader"),
                    n.hasNonNull("graderParameter") ? n.get("graderParameter").asDouble() : null), defaultGrader, at));
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The judge settings are part of the hash: another judge, rubric or threshold is another profile. */
    private String hash(List<ResolvedPrompt> prompts, JudgeSpec judge) {
        List<Map<String, Object>> canonical = new ArrayList<>();
        for (ResolvedPrompt p : prompts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("messages", p.messages().stream().map(x -> List.of(x.role(), x.content())).toList());
            m.put("reference", p.reference());
            m.put("grader", p.grader());
            m.put("graderParameter", p.graderParameter());
            canonical.add(m);
        }
        if (judge != null) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("judge", judge.backendRef());
            j.put("rubric", judge.rubric());
            j.put("passThreshold", judge.passThresholdOrDefault());
            j.put("judgePrompt", io.uniroute.core.grading.judge.JudgePrompt.VERSION);
            canonical.add(j);
        }
        try {
            return Sha256.hex(mapper.writeValueAsString(canonical)).substring(0, 16);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
