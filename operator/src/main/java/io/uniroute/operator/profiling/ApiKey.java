package io.uniroute.operator.profiling;

/** An API key that cannot leak through toString, a record's toString, or a log line. */
public final class ApiKey {

    private final String value;

    public ApiKey(String value) {
        this.value = value;
    }

    String bearerHeader() {
        return "Bearer " + value;
    }

    /** Whether some text contains this key (tests and defensive scrubbing). */
    public boolean appearsIn(String text) {
        return text != null && !value.isEmpty() && text.contains(value);
    }

    @Override
    public String toString() {
        return "[redacted]";
    }
}
