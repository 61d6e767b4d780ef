package io.uniroute.core.table;

/** A routing table that must not be served; the message says what is wrong with it. */
public class InvalidRoutingTableException extends RuntimeException {

    public InvalidRoutingTableException(String message) {
        super(message);
    }

    public InvalidRoutingTableException(String message, Throwable cause) {
        super(message, cause);
    }
}
