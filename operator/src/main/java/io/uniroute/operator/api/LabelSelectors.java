package io.uniroute.operator.api;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Kubernetes label-selector semantics for a RoutingPolicy's backendSelector (null or empty selects all). */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null) {
            for (var e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(l.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                List<String> values = r.getValues() == null ? List.of() : r.getValues();
                String v = l.get(r.getKey());
                boolean ok = switch (String.valueOf(r.getOperator())) {
                    case "In" -> v != null && values.contains(v);
                    case "NotIn" -> v == null || !values.contains(v);
                    case "Exists" -> l.containsKey(r.getKey());
                    case "DoesNotExist" -> !l.containsKey(r.getKey());
                    default -> throw new IllegalArgumentException("unknown selector operator " + r.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A problem with the selector for a person, or null when it is well formed. */
    public static String problem(LabelSelector selector) {
        if (selector == null || selector.getMatchExpressions() == null) {
            return null;
        }
        for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
            if (r.getKey() == null || r.getKey().isBlank()) {
                return "backendSelector.matchExpressions entries need a key";
            }
            String op = String.valueOf(r.getOperator());
            if (!List.of("In", "NotIn", "Exists", "DoesNotExist").contains(op)) {
                return "backendSelector operator '" + op + "' is unknown (In, NotIn, Exists, DoesNotExist)";
            }
            if ((op.equals("In") || op.equals("NotIn")) && (r.getValues() == null || r.getValues().isEmpty())) {
                return "backendSelector operator " + op + " needs values";
            }
        }
        return null;
    }
}
