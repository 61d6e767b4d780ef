package io.uniroute.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * RBAC grants no more than the operator uses: each (group, resource, verb) the chart grants must be
 * in {@link #OPERATOR_NEEDS}, a list written from what the operator does (ARCHITECTURE.md and
 * issue 3): it watches its three resources, writes their status, owns the routing-table
 * ConfigMaps, reads API key Secrets one by one, and records Events. Nothing cluster-wide in the
 * namespaced mode; leases only with leader election.
 */
class ChartRbacTest {

    /** "group/resource" → verbs. */
    static final Map<String, Set<String>> OPERATOR_NEEDS = Map.ofEntries(
            Map.entry("uniroute.io/llmbackends", Set.of("get", "list", "watch")),
            Map.entry("uniroute.io/promptsets", Set.of("get", "list", "watch")),
            Map.entry("uniroute.io/routingpolicies", Set.of("get", "list", "watch")),
            Map.entry("uniroute.io/llmbackends/status", Set.of("get", "update", "patch")),
            Map.entry("uniroute.io/promptsets/status", Set.of("get", "update", "patch")),
            Map.entry("uniroute.io/routingpolicies/status", Set.of("get", "update", "patch")),
            Map.entry("/configmaps", Set.of("get", "list", "watch", "create", "update", "patch", "delete")),
            Map.entry("/secrets", Set.of("get")),
            Map.entry("/events", Set.of("create", "patch")));

    static final Map<String, Set<String>> LEADER_ELECTION_NEEDS =
            Map.of("coordination.k8s.io/leases", Set.of("get", "create", "update"));

    /** Every (group/resource, verb) a rule grants, failing on wildcards and on non-resource URLs. */
    static Set<String> grants(List<PolicyRule> rules) {
        Set<String> out = new HashSet<>();
        for (PolicyRule r : rules) {
            assertThat(r.getNonResourceURLs()).as("non-resource URLs").isNullOrEmpty();
            assertThat(r.getApiGroups()).doesNotContain("*");
            assertThat(r.getResources()).doesNotContain("*");
            assertThat(r.getVerbs()).doesNotContain("*");
            for (String g : r.getApiGroups()) {
                for (String res : r.getResources()) {
                    for (String v : r.getVerbs()) {
                        out.add(g + "/" + res + ":" + v);
                    }
                }
            }
        }
        return out;
    }

    static Set<String> flatten(Map<String, Set<String>> needs) {
        return needs.entrySet().stream().flatMap(e -> e.getValue().stream().map(v -> e.getKey() + ":" + v))
                .collect(Collectors.toSet());
    }

    @Test
    void clusterScopeGrantsExactlyWhatTheOperatorUses() {
        Chart.Rendered r = Chart.render(Map.of());
        ClusterRole role = r.one(ClusterRole.class);
        assertThat(grants(role.getRules())).isEqualTo(flatten(OPERATOR_NEEDS));
        // Secrets: get only — never list or watch, which would read every Secret in the cluster.
        assertThat(grants(role.getRules())).filteredOn(g -> g.startsWith("/secrets")).containsExactly("/secrets:get");

        ClusterRoleBinding binding = r.one(ClusterRoleBinding.class);
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
        });
        assertThat(r.all(Role.class)).isEmpty(); // no leader election by default
    }

    @Test
    void namespacedScopeHasARolePerWatchedNamespaceAndNothingClusterWide() {
        Chart.Rendered r = Chart.render(Map.of("rbac.scope", "namespaced",
                "watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b"));
        assertThat(r.all(ClusterRole.class)).isEmpty();
        assertThat(r.all(ClusterRoleBinding.class)).isEmpty();
        List<Role> roles = r.all(Role.class);
        assertThat(roles).extracting(x -> x.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b");
        roles.forEach(role -> assertThat(grants(role.getRules())).isEqualTo(flatten(OPERATOR_NEEDS)));
        assertThat(r.all(RoleBinding.class)).extracting(b -> b.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(r.all(RoleBinding.class)).allSatisfy(b -> assertThat(b.getRoleRef().getKind()).isEqualTo("Role"));
    }

    @Test
    void namespacedScopeWithoutAListWatchesTheReleaseNamespace() {
        Chart.Rendered r = Chart.render(Map.of("rbac.scope", "namespaced"));
        assertThat(r.all(Role.class)).singleElement()
                .satisfies(role -> assertThat(role.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE));
    }

    @Test
    void leaderElectionAddsOnlyItsOwnLeaseInTheReleaseNamespace() {
        Chart.Rendered r = Chart.render(Map.of("leaderElection.enabled", true, "replicas", 2));
        Role lease = r.all(Role.class).stream().filter(x -> x.getMetadata().getName().endsWith("leader-election"))
                .findFirst().orElseThrow();
        assertThat(lease.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
        assertThat(grants(lease.getRules())).isSubsetOf(flatten(LEADER_ELECTION_NEEDS));
        // get/update are limited to the one Lease; create cannot be (the name is not known before it exists).
        lease.getRules().stream().filter(rule -> !rule.getVerbs().equals(List.of("create")))
                .forEach(rule -> assertThat(rule.getResourceNames()).containsExactly("uniroute-leader"));
        assertThat(grants(r.one(ClusterRole.class).getRules())).noneMatch(g -> g.contains("leases"));
    }

    @Test
    void noRbacWhenDisabled() {
        Chart.Rendered r = Chart.render(Map.of("rbac.create", false));
        assertThat(r.all(ClusterRole.class)).isEmpty();
        assertThat(r.all(Role.class)).isEmpty();
    }
}
