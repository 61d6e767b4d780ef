package io.uniroute.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The demo watches things a person watches (the API, a child process) that have nothing to notify
 * it by: ask every {@code interval} until the probe answers or {@code timeout} passes.
 */
final class Poll {

    private Poll() {
    }

    static <T> T until(Duration timeout, Duration interval, Supplier<Optional<T>> probe, Supplier<String> timedOut)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<T> answer = probe.get();
            if (answer.isPresent()) {
                return answer.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(timedOut.get());
            }
            Thread.sleep(interval.toMillis());
        }
    }
}
