package io.uniroute.sidecar.proxy;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Headers a proxy must not pass on (RFC 9110 §7.6.1): the hop-by-hop ones, and any the
 * {@code Connection} header names. Applied both ways: client → backend and backend → client.
 */
public final class HopByHop {

    static final Set<String> HEADERS = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization");

    private HopByHop() {
    }

    /** Copies {@code from}'s end-to-end headers into {@code to}, except those {@code skip} matches (lower-case names). */
    public static void copy(MultiMap from, MultiMap to, Predicate<String> skip) {
        Set<String> named = connectionTokens(from);
        for (var e : from) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (!HEADERS.contains(name) && !named.contains(name) && !skip.test(name)) {
                to.add(e.getKey(), e.getValue());
            }
        }
    }

    private static Set<String> connectionTokens(MultiMap headers) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String v : headers.getAll("connection")) {
            for (String token : v.split(",")) {
                if (!token.isBlank()) {
                    out.add(token.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }
}
