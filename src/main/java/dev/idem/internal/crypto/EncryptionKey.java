package dev.idem.internal.crypto;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * An AES key and the identifier stored with every record it encrypts, so that keys can be
 * rotated without losing records written under an older one.
 */
public record EncryptionKey(String id, byte[] material) {

    SecretKey secretKey() {
        return new SecretKeySpec(material, "AES");
    }

    /** Never shows the key material. */
    @Override
    public String toString() {
        return "EncryptionKey[" + id + "]";
    }
}
