package dev.idem.internal.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 with length-prefixed parts, so that no two different part lists hash alike. */
final class Hashing {
    private static final HexFormat HEX = HexFormat.of();
    /** Copied for each hash: cloning a digest skips the provider lookup of {@code getInstance}. */
    private static final MessageDigest PROTOTYPE = sha256();

    private final MessageDigest digest;

    Hashing() {
        digest = copy();
    }

    private static MessageDigest copy() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return sha256(); // a provider whose digest cannot be cloned
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    Hashing part(String text) {
        return part(text.getBytes(StandardCharsets.UTF_8));
    }

    Hashing part(byte[] bytes) {
        return part(bytes, bytes.length);
    }

    Hashing part(byte[] bytes, int length) {
        digest.update(new byte[] {
            (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        digest.update(bytes, 0, length);
        return this;
    }

    String hex() {
        return HEX.formatHex(digest.digest());
    }
}
