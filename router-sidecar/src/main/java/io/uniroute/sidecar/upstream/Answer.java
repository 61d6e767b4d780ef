package io.uniroute.sidecar.upstream;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * A backend's answer the sidecar has committed to: either read whole ({@code body}; a checked
 * completion, or a probe's answer) or a stream whose checked head was read and whose rest waits,
 * paused, to be piped ({@code stream}, {@code head}). A backend's own 4xx is a stream with an empty head.
 */
public record Answer(int backendIndex, String backend, int status, MultiMap headers, Buffer body,
        HttpClientResponse stream, Buffer head, boolean probe) {

    static Answer whole(int index, String backend, HttpClientResponse resp, Buffer body, boolean probe) {
        return new Answer(index, backend, resp.statusCode(), resp.headers(), body, null, null, probe);
    }

    static Answer streaming(int index, String backend, HttpClientResponse resp, Buffer head) {
        return new Answer(index, backend, resp.statusCode(), resp.headers(), null, resp, head, false);
    }

    public boolean isStream() {
        return stream != null;
    }

    /** Not sent after all (the client left): close the backend's connection. */
    public void discard() {
        if (stream != null) {
            stream.request().reset();
        }
    }
}
