package io.uniroute.sidecar.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client key store: names from file names, keys checked by digest, re-read on rotation, empty dir = no key. */
class ClientKeysTest {

    @TempDir
    Path dir;

    @Test
    void aKeyIsKnownByItsFileNameAndOnlyTheExactKeyMatches() throws Exception {
        Files.writeString(dir.resolve("team-a"), "sk-alpha-0123456789\n"); // kubectl --from-file keeps the newline
        Files.writeString(dir.resolve("team-b"), "sk-beta-9876543210");
        ClientKeys keys = new ClientKeys(dir);

        assertThat(keys.names()).containsExactly("team-a", "team-b");
        assertThat(keys.check("sk-alpha-0123456789")).contains("team-a");
        assertThat(keys.check("sk-beta-9876543210")).contains("team-b");
        // a prefix, a longer key, another case, nothing: no match
        assertThat(keys.check("sk-alpha-012345678")).isEmpty();
        assertThat(keys.check("sk-alpha-0123456789x")).isEmpty();
        assertThat(keys.check("SK-ALPHA-0123456789")).isEmpty();
        assertThat(keys.check("")).isEmpty();
        assertThat(keys.check(null)).isEmpty();
    }

    @Test
    void aMountedSecretsHiddenEntriesAreNoKeysAndEmptyFilesAreSkipped() throws Exception {
        // the layout the kubelet gives a Secret volume: ..data/ holds the files, each key a symlink to it
        Path data = Files.createDirectories(dir.resolve("..2026_12_02_08_00_00.1"));
        Files.writeString(data.resolve("ci"), "sk-ci-key");
        Files.createSymbolicLink(dir.resolve("..data"), data.getFileName());
        Files.createSymbolicLink(dir.resolve("ci"), Path.of("..data/ci"));
        Files.writeString(dir.resolve("blank"), "  \n");
        Files.writeString(dir.resolve("bad name!"), "sk-x");
        ClientKeys keys = new ClientKeys(dir);

        assertThat(keys.names()).containsExactly("ci");
        assertThat(keys.check("sk-ci-key")).contains("ci");
        assertThat(keys.check("sk-x")).isEmpty();
    }

    @Test
    void rotationTakesEffectOnReload() throws Exception {
        Files.writeString(dir.resolve("app"), "sk-old");
        ClientKeys keys = new ClientKeys(dir);
        assertThat(keys.check("sk-old")).contains("app");

        Files.writeString(dir.resolve("app"), "sk-new");
        Files.writeString(dir.resolve("batch"), "sk-batch");
        assertThat(keys.check("sk-new")).as("not before the re-read").isEmpty();
        keys.reload();
        assertThat(keys.check("sk-new")).contains("app");
        assertThat(keys.check("sk-old")).as("the rotated-out key").isEmpty();
        assertThat(keys.check("sk-batch")).contains("batch");

        Files.delete(dir.resolve("batch"));
        keys.reload();
        assertThat(keys.check("sk-batch")).isEmpty();
        assertThat(keys.names()).containsExactly("app");
    }

    @Test
    void oneUnusableFileDoesNotFreezeTheSetSoADeletedKeyStillStopsWorking() throws Exception {
        Files.writeString(dir.resolve("app"), "sk-app");
        Files.writeString(dir.resolve("old"), "sk-old");
        ClientKeys keys = new ClientKeys(dir);
        assertThat(keys.check("sk-old")).contains("old");

        // a rotation that revokes "old" and, in the same update, adds a file that is not UTF-8
        Files.delete(dir.resolve("old"));
        Files.write(dir.resolve("binary"), new byte[] {'s', 'k', '-', (byte) 0xff, (byte) 0xfe, '\n'});
        keys.reload();
        assertThat(keys.check("sk-old")).as("the revoked key").isEmpty();
        assertThat(keys.check("sk-app")).contains("app");
        assertThat(keys.names()).containsExactly("app");
    }

    @Test
    void aKeyThatCannotArriveInABearerHeaderIsSkippedNotLoaded() throws Exception {
        // HTTP header bytes reach us as ISO-8859-1 characters: a non-ASCII key could never match
        Files.writeString(dir.resolve("umlaut"), "sk-schl\u00fcssel", java.nio.charset.StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("spaced"), "sk one two");
        Files.writeString(dir.resolve("ok"), "sk-ok~+/=\r\n");
        ClientKeys keys = new ClientKeys(dir);
        assertThat(keys.names()).containsExactly("ok");
        assertThat(keys.check("sk-ok~+/=")).contains("ok");
    }

    @Test
    void anEmptyOrMissingDirectoryHoldsNoKeyAndAcceptsNothing() throws Exception {
        ClientKeys empty = new ClientKeys(dir);
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.check("anything")).isEmpty();
        ClientKeys missing = new ClientKeys(dir.resolve("nope"));
        assertThat(missing.isEmpty()).isTrue();

        Files.writeString(dir.resolve("late"), "sk-late");
        empty.reload();
        assertThat(empty.check("sk-late")).contains("late");
    }

    @Test
    void theKeyNeverShowsInTheStoresText() throws Exception {
        Files.writeString(dir.resolve("app"), "sk-secret-value");
        ClientKeys keys = new ClientKeys(dir);
        assertThat(keys.toString()).doesNotContain("sk-secret-value");
        assertThat(String.join(",", keys.names())).doesNotContain("sk-secret-value");
    }

    @Test
    void theBearerSchemeIsReadCaseInsensitively() {
        assertThat(ClientAuth.bearer("Bearer sk-1")).contains("sk-1");
        assertThat(ClientAuth.bearer("bearer   sk-1 ")).contains("sk-1");
        assertThat(ClientAuth.bearer("Basic dXNlcjpwYXNz")).isEmpty();
        assertThat(ClientAuth.bearer("Bearer ")).isEmpty();
        assertThat(ClientAuth.bearer(null)).isEmpty();
    }
}
