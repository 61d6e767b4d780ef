package io.uniroute.e2e;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Tees System.err (where slf4j-simple writes) into a buffer while open, so a test can count log lines. */
final class LogTee implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    LogTee() {
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (buffer) {
                    buffer.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (buffer) {
                    buffer.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8));
    }

    long count(String text) {
        String all;
        synchronized (buffer) {
            all = buffer.toString(StandardCharsets.UTF_8);
        }
        return all.lines().filter(l -> l.contains(text)).count();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
