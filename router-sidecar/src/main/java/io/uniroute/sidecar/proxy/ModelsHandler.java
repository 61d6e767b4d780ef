package io.uniroute.sidecar.proxy;

import io.uniroute.sidecar.table.LoadedTable;
import io.uniroute.sidecar.table.TableRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.Set;

/** {@code GET /v1/models}: the policies as virtual models (owned by uniroute), then every backend. */
public final class ModelsHandler {

    private final TableRegistry tables;

    public ModelsHandler(TableRegistry tables) {
        this.tables = tables;
    }

    public void handle(RoutingContext ctx) {
        JsonArray data = new JsonArray();
        Set<String> seen = new LinkedHashSet<>();
        var snapshot = tables.snapshot();
        for (LoadedTable t : snapshot.bySource().values()) {
            if (seen.add(t.policy())) {
                data.add(model(t.policy(), "uniroute").put("uniroute", new JsonObject().put("kind", "policy")
                        .put("strategy", t.table().strategy()).put("version", t.hash())));
            }
        }
        for (LoadedTable t : snapshot.bySource().values()) {
            for (var b : t.table().backends()) {
                if (seen.add(b.name())) {
                    data.add(model(b.name(), "uniroute").put("uniroute", new JsonObject().put("kind", "backend")
                            .put("model", b.model()).put("costPerQueryUsd", b.costPerQueryUsd())
                            .put("accuracy", b.accuracy())));
                }
            }
        }
        ctx.response().putHeader("content-type", "application/json")
                .end(new JsonObject().put("object", "list").put("data", data).encode());
    }

    private static JsonObject model(String id, String owner) {
        return new JsonObject().put("id", id).put("object", "model").put("created", 0).put("owned_by", owner);
    }
}
