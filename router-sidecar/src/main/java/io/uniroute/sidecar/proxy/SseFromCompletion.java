package io.uniroute.sidecar.proxy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A cascade stage is asked without streaming (its logprobs decide whether to escalate). When the
 * client asked for a stream and that stage's answer is kept, the answer is sent as one SSE chunk
 * followed by {@code [DONE]}, so streaming clients still parse it.
 */
final class SseFromCompletion {

    private SseFromCompletion() {
    }

    static Buffer convert(JsonObject completion, boolean chat) {
        JsonArray choices = new JsonArray();
        JsonArray in = completion.getJsonArray("choices", new JsonArray());
        for (int i = 0; i < in.size(); i++) {
            JsonObject c = in.getJsonObject(i);
            JsonObject out = new JsonObject().put("index", c.getInteger("index", i))
                    .put("finish_reason", c.getValue("finish_reason"));
            if (chat) {
                JsonObject msg = c.getJsonObject("message", new JsonObject());
                out.put("delta", new JsonObject().put("role", msg.getString("role", "assistant"))
                        .put("content", msg.getValue("content")));
            } else {
                out.put("text", c.getValue("text"));
            }
            choices.add(out);
        }
        JsonObject chunk = new JsonObject()
                .put("id", completion.getValue("id"))
                .put("object", chat ? "chat.completion.chunk" : "text_completion")
                .put("created", completion.getValue("created"))
                .put("model", completion.getValue("model"))
                .put("choices", choices);
        return Buffer.buffer("data: " + chunk.encode() + "\n\ndata: [DONE]\n\n");
    }
}
