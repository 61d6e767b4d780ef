package io.uniroute.sidecar.proxy;

/**
 * A request the sidecar answers itself with an OpenAI-style error (a 4xx, or a 5xx of its own);
 * {@code closeConnection} when the rest of the request will not be read. Status 0: no answer, the
 * connection is dropped (the upload broke off).
 */
final class Rejection extends RuntimeException {
    final int status;
    final String type;
    final String code;
    final boolean closeConnection;

    Rejection(int status, String type, String code, String message, boolean closeConnection) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.closeConnection = closeConnection;
    }

    Rejection(int status, String type, String code, String message) {
        this(status, type, code, message, false);
    }

    static Rejection dropConnection() {
        return new Rejection(0, "", "", "upload failed", true);
    }
}
