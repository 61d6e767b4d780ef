package io.uniroute.sidecar.table;

import java.util.Optional;

/**
 * One table of a {@link TableSetSource}, with what it must say of itself to be served: anyone who
 * may create a ConfigMap in the namespace can give it the operator's labels, so a member is only
 * trusted when its source and its content agree (checked by {@link TableRegistry#offer(String, SetMember)}).
 *
 * @param json      the table's JSON
 * @param policy    the policy the table must name (its ConfigMap's {@code uniroute.io/policy} label)
 * @param namespace the namespace the table must name (its ConfigMap's)
 * @param refusal   why the source itself is not the operator's table of that policy, if it is not
 *                  (names only, safe to log)
 */
public record SetMember(String json, String policy, String namespace, Optional<String> refusal) {

    public static SetMember trusted(String json, String policy, String namespace) {
        return new SetMember(json, policy, namespace, Optional.empty());
    }
}
