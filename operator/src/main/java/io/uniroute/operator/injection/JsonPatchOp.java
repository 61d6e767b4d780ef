package io.uniroute.operator.injection;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One RFC 6902 operation; {@code path} is a JSON Pointer (RFC 6901, "/" in a key written "~1"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JsonPatchOp(String op, String path, Object value) {

    public static JsonPatchOp add(String path, Object value) {
        return new JsonPatchOp("add", path, value);
    }

    /** Escapes one reference token of a JSON Pointer. */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
