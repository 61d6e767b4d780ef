package io.uniroute.sidecar.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client bearer keys the gateway accepts: a directory (a mounted Secret) with one file per key,
 * the file's name being the key's name. Only SHA-256 digests of the keys are kept. A presented key
 * is digested and compared with every stored digest by {@link MessageDigest#isEqual} (constant
 * time), all of them, so the time taken says nothing about which key nearly matched. Re-read by
 * {@link #reload()} (the table watcher's poll), so a rotated Secret takes effect within a poll.
 * The name is what logs and metrics see; the key itself never leaves this class.
 */
public final class ClientKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ClientKeys.class);
    /** A Secret data key; also a safe metric label value. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][-._A-Za-z0-9]{0,62}");
    private static final long MAX_KEY_BYTES = 4096;

    private record Key(String name, byte[] digest) {
    }

    private final Path directory;
    private final AtomicReference<List<Key>> keys = new AtomicReference<>(List.of());

    public ClientKeys(Path directory) {
        this.directory = directory;
        reload();
    }

    /**
     * Reads the directory again. Hidden entries are skipped: a mounted Secret keeps its real files
     * under {@code ..data/} and shows each key as a symlink named after it. Keys are stripped of
     * surrounding whitespace (a file made with {@code echo} ends with a newline); empty files are no
     * key. Only a failure to list the directory keeps the previous keys.
     */
    public synchronized void reload() {
        List<Key> read = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> entries = Files.list(directory)) {
                for (Path p : entries.sorted(Comparator.comparing(Path::toString)).toList()) {
                    String name = p.getFileName().toString();
                    if (name.startsWith(".") || !Files.isRegularFile(p)) {
                        continue;
                    }
                    if (!NAME.matcher(name).matches()) {
                        LOG.warn("client key file {} skipped: its name must be letters, digits, '-', '.' or '_' (it is a metric label)", name);
                        continue;
                    }
                    readKey(p, name).ifPresent(key -> read.add(new Key(name, sha256(key))));
                }
            } catch (IOException e) {
                // a Secret update swaps the directory under us: keep the keys we have, the next poll reads it again
                LOG.warn("cannot read client keys in {}: {} (keeping the previous ones)", directory, e.getClass().getSimpleName());
                return;
            }
        }
        List<Key> before = keys.getAndSet(List.copyOf(read));
        if (!sameKeys(before, read)) {
            if (read.isEmpty()) {
                LOG.warn("no client keys in {}: every /v1 request is refused with 401 until one is there", directory);
            } else {
                LOG.info("client keys loaded from {}: {}", directory, names(read));
            }
        }
    }

    /**
     * One file's key, or empty when it holds none we could ever match. A file we cannot use is
     * skipped on its own, never aborting the re-read: else one bad entry would keep a revoked key
     * alive. A bearer token is printable ASCII without spaces (RFC 6750 b64token and then some);
     * header bytes reach us as ISO-8859-1, so any other byte (non-ASCII, not UTF-8) could never
     * match and is refused with a warning rather than loaded as a key no client can send.
     */
    private static Optional<String> readKey(Path p, String name) {
        byte[] bytes;
        try {
            if (Files.size(p) > MAX_KEY_BYTES) {
                LOG.warn("client key file {} skipped: larger than {} bytes", name, MAX_KEY_BYTES);
                return Optional.empty();
            }
            bytes = Files.readAllBytes(p);
        } catch (IOException e) {
            // gone since the listing (a rotation removed it) or unreadable: no key from it
            LOG.warn("client key file {} skipped: {}", name, e.getClass().getSimpleName());
            return Optional.empty();
        }
        String key = new String(bytes, StandardCharsets.ISO_8859_1).strip();
        if (key.isEmpty()) {
            return Optional.empty();
        }
        if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            LOG.warn("client key file {} skipped: a key must be printable ASCII without spaces (a bearer token)", name);
            return Optional.empty();
        }
        return Optional.of(key);
    }

    /** The name of the key presented, or empty when it matches none; every stored key is compared. */
    public Optional<String> check(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        String match = null;
        for (Key k : keys.get()) {
            boolean equal = MessageDigest.isEqual(digest, k.digest()); // compared before the branch: no early exit
            if (equal && match == null) {
                match = k.name();
            }
        }
        return Optional.ofNullable(match);
    }

    /** The names of the keys held (never the keys). */
    public List<String> names() {
        return names(keys.get());
    }

    public boolean isEmpty() {
        return keys.get().isEmpty();
    }

    public Path directory() {
        return directory;
    }

    private static List<String> names(List<Key> keys) {
        return keys.stream().map(Key::name).toList();
    }

    private static boolean sameKeys(List<Key> a, List<Key> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).name().equals(b.get(i).name()) || !MessageDigest.isEqual(a.get(i).digest(), b.get(i).digest())) {
                return false;
            }
        }
        return true;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
