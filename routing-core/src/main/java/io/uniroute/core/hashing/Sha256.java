package io.uniroute.core.hashing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one content hash of the project: dataset, prompt-set and table versions, cache keys. */
public final class Sha256 {

    private Sha256() {
    }

    /** The digest of the parts, concatenated. */
    public static byte[] digest(byte[]... parts) {
        MessageDigest md = newDigest();
        for (byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }

    /** Lower-case hex digest of the parts, concatenated. */
    public static String hex(byte[]... parts) {
        return HexFormat.of().formatHex(digest(parts));
    }

    /** Lower-case hex digest of the text's UTF-8 bytes. */
    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
