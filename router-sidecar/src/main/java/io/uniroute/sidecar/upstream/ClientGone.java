package io.uniroute.sidecar.upstream;

/** The client disconnected, so the call was not made or was reset: nothing to fall back to, nothing to answer. */
public final class ClientGone extends RuntimeException {
    public ClientGone(String backend) {
        super("client disconnected before " + backend + " answered", null, false, false);
    }
}
