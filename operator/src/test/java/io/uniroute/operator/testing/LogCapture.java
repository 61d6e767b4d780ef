package io.uniroute.operator.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Tees System.out and System.err (where slf4j-simple writes) into a buffer, so a test can assert
 * that no log line holds a secret.
 */
public final class LogCapture implements AutoCloseable {

    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public LogCapture() {
        System.setOut(new PrintStream(new Tee(originalOut, buffer), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, buffer), true, StandardCharsets.UTF_8));
    }

    public synchronized String text() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            synchronized (b) {
                b.write(x);
            }
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            synchronized (b) {
                b.write(bytes, off, len);
            }
        }
    }
}
