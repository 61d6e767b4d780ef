package io.uniroute.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingKeyManagerTest {

    /** A clock the test moves by hand, so the re-check interval is exercised without waiting. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void servesANewCertificateOnceTheFilesChangeAndKeepsTheOldOneWhenTheNewIsBroken(@TempDir Path dir)
            throws Exception {
        X509Certificate first = TestCertificates.write(dir, "first");
        ManualClock clock = new ManualClock();
        ReloadingKeyManager km = new ReloadingKeyManager(dir.resolve("tls.crt"), dir.resolve("tls.key"),
                Duration.ofSeconds(10), clock);
        String alias = km.chooseEngineServerAlias("EC", null, null);
        assertThat(km.getCertificateChain(alias)[0]).isEqualTo(first);
        assertThat(km.chooseEngineServerAlias("RSA", null, null)).isNull();

        X509Certificate second = TestCertificates.write(dir, "second");
        touch(dir, 1);
        // Not re-checked before the interval has passed.
        assertThat(km.getCertificateChain(km.chooseEngineServerAlias("EC", null, null))[0]).isEqualTo(first);
        clock.advance(Duration.ofSeconds(11));
        String newAlias = km.chooseEngineServerAlias("EC", null, null);
        assertThat(newAlias).isNotEqualTo(alias);
        assertThat(km.getCertificateChain(newAlias)[0]).isEqualTo(second);
        assertThat(km.getPrivateKey(newAlias).getAlgorithm()).isEqualTo("EC");
        // A handshake that chose the old alias just before the swap still gets a matching pair.
        assertThat(km.getCertificateChain(alias)[0]).isEqualTo(first);

        Files.writeString(dir.resolve("tls.key"), "not a key");
        touch(dir, 2);
        clock.advance(Duration.ofSeconds(11));
        assertThat(km.getCertificateChain(km.chooseEngineServerAlias("EC", null, null))[0]).isEqualTo(second);
    }

    @Test
    void refusesMissingOrGarbageFilesAtStartWithTheFileName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tls.crt"), "garbage");
        Files.writeString(dir.resolve("tls.key"), "garbage");
        assertThatThrownBy(() -> new ReloadingKeyManager(dir.resolve("tls.crt"), dir.resolve("tls.key"),
                Duration.ofSeconds(1), Clock.systemUTC())).isInstanceOf(Exception.class);
        TestCertificates.write(dir, "x");
        Files.writeString(dir.resolve("tls.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.privateKey(dir.resolve("tls.key")))
                .hasMessageContaining("tls.key").hasMessageContaining("PKCS8");
    }

    /** Kubelet swaps the files atomically; here, make sure the modification time visibly moves. */
    private static void touch(Path dir, int step) throws Exception {
        FileTime t = FileTime.from(Instant.parse("2030-01-01T00:00:00Z").plusSeconds(step));
        Files.setLastModifiedTime(dir.resolve("tls.crt"), t);
        Files.setLastModifiedTime(dir.resolve("tls.key"), t);
    }
}
