package io.uniroute.operator.profiling;

import java.util.Base64;
import java.util.BitSet;

/** One bit per prompt, as base64 in the status: a 500-prompt profile is 63 bytes. */
public final class ProfileBits {

    private ProfileBits() {
    }

    public static String encode(BitSet bits, int size) {
        byte[] bytes = new byte[(size + 7) / 8];
        byte[] raw = bits.toByteArray(); // little-endian: bit i is bit (i % 8) of byte i / 8
        System.arraycopy(raw, 0, bytes, 0, Math.min(raw.length, bytes.length));
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A missing or unreadable value decodes to no bits set (the profile restarts, nothing crashes). */
    public static BitSet decode(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return new BitSet();
        }
        try {
            return BitSet.valueOf(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return new BitSet();
        }
    }
}
