package dev.idem.internal.crypto;

import dev.idem.internal.engine.FingerprintedCompletion;
import dev.idem.spi.Claim;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.IdempotencyStore;
import dev.idem.spi.RecordId;
import dev.idem.spi.RecordUnreadableException;
import dev.idem.spi.StoredResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encryption at rest: the recorded headers and body of a finished record are stored as one
 * AES-GCM envelope in the body, authenticated together with the record's scope, key, fingerprint
 * and status.
 * A record that does not verify (altered, or written under an unknown key) is refused with
 * {@link RecordUnreadableException}, never replayed.
 *
 * <p>Envelope: {@code "IDEM1"}, key-id length (1 byte), key id, 12-byte nonce, ciphertext and tag.
 * The first key encrypts; every configured key decrypts, so keys rotate without losing records.
 */
public final class EncryptingStore implements IdempotencyStore, FingerprintedCompletion {
    private static final byte[] MAGIC = "IDEM1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final IdempotencyStore store;
    private final EncryptionKey active;
    private final Map<String, EncryptionKey> keys = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** @param keys the first encrypts new records; all of them decrypt */
    public EncryptingStore(IdempotencyStore store, List<EncryptionKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one key");
        }
        this.store = store;
        this.active = keys.get(0);
        keys.forEach(key -> this.keys.put(key.id(), key));
    }

    /** Reads the claim's fingerprint first (one more read, only with encryption on) to bind it into the envelope. */
    @Override
    public boolean complete(RecordId id, long leaseToken, StoredResponse response, Instant expiresAt) {
        Optional<IdempotencyRecord> claim = store.find(id);
        if (claim.isEmpty() || claim.get().leaseToken() != leaseToken) {
            return false; // released, purged or taken over: the owner's completion is refused anyway
        }
        return store.complete(id, leaseToken, seal(id, claim.get().fingerprint(), response), expiresAt);
    }

    /**
     * Completion without reading the row first: the engine's claim fingerprint is the row's for as
     * long as {@code leaseToken} matches, which the completing update itself checks.
     */
    @Override
    public boolean complete(RecordId id, long leaseToken, String fingerprint, StoredResponse response, Instant expiresAt) {
        return FingerprintedCompletion.complete(store, id, leaseToken, fingerprint, seal(id, fingerprint, response),
                expiresAt);
    }

    @Override
    public Optional<IdempotencyRecord> find(RecordId id) {
        return store.find(id).map(this::opened);
    }

    /** Every record decrypted, as {@link #find}; one that does not verify fails the whole call. */
    @Override
    public List<IdempotencyRecord> findByKey(String key, int limit) {
        return store.findByKey(key, limit).stream().map(this::opened).toList();
    }

    @Override
    public boolean delete(RecordId id, long leaseToken) {
        return store.delete(id, leaseToken);
    }

    /**
     * The record as read from the undecorated store, with its response decrypted.
     *
     * @throws RecordUnreadableException when the response does not verify
     */
    public IdempotencyRecord opened(IdempotencyRecord stored) {
        return stored.response() == null ? stored : new IdempotencyRecord(
                stored.id(), stored.fingerprint(), stored.state(), stored.leaseToken(), stored.lockedUntil(),
                stored.createdAt(), stored.expiresAt(), open(stored.id(), stored.fingerprint(), stored.response()));
    }

    @Override
    public boolean tryClaim(Claim claim) {
        return store.tryClaim(claim);
    }

    @Override
    public boolean takeOver(IdempotencyRecord current, Claim claim) {
        return store.takeOver(current, claim);
    }

    @Override
    public boolean release(RecordId id, long leaseToken) {
        return store.release(id, leaseToken);
    }

    @Override
    public int purgeExpired(Instant now, int batchSize) {
        return store.purgeExpired(now, batchSize);
    }

    StoredResponse seal(RecordId id, String fingerprint, StoredResponse response) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, active.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(id, fingerprint, response.status()));
            byte[] sealed = cipher.doFinal(plaintext(response));
            byte[] keyId = active.id().getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream envelope = new ByteArrayOutputStream(MAGIC.length + 1 + keyId.length + NONCE_BYTES + sealed.length);
            envelope.write(MAGIC);
            envelope.write(keyId.length);
            envelope.write(keyId);
            envelope.write(nonce);
            envelope.write(sealed);
            return new StoredResponse(response.status(), Map.of(), envelope.toByteArray());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Idem could not encrypt the record of " + id, e);
        }
    }

    StoredResponse open(RecordId id, String fingerprint, StoredResponse stored) {
        byte[] envelope = stored.body();
        if (envelope.length < MAGIC.length + 1 || !Arrays.equals(Arrays.copyOf(envelope, MAGIC.length), MAGIC)) {
            throw unreadable(id, "it is not encrypted", null);
        }
        int keyIdLength = envelope[MAGIC.length] & 0xff;
        int nonceStart = MAGIC.length + 1 + keyIdLength;
        if (envelope.length < nonceStart + NONCE_BYTES + TAG_BITS / 8) {
            throw unreadable(id, "its envelope is truncated", null);
        }
        String keyId = new String(envelope, MAGIC.length + 1, keyIdLength, StandardCharsets.US_ASCII);
        EncryptionKey key = keys.get(keyId);
        if (key == null) {
            throw unreadable(id, "it was written under key '" + keyId + "', which is not configured", null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(),
                    new GCMParameterSpec(TAG_BITS, envelope, nonceStart, NONCE_BYTES));
            cipher.updateAAD(associatedData(id, fingerprint, stored.status()));
            int sealedStart = nonceStart + NONCE_BYTES;
            byte[] plaintext = cipher.doFinal(envelope, sealedStart, envelope.length - sealedStart);
            return response(stored.status(), plaintext);
        } catch (GeneralSecurityException | IOException e) {
            throw unreadable(id, "it does not verify (altered at rest)", e);
        }
    }

    private static RecordUnreadableException unreadable(RecordId id, String why, Throwable cause) {
        return new RecordUnreadableException("The record of " + id + " is refused: " + why, cause);
    }

    private static byte[] associatedData(RecordId id, String fingerprint, int status) {
        return (id.scope() + "\n" + id.key() + "\n" + fingerprint + "\n" + status).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] plaintext(StoredResponse response) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(response.body().length + 256);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(response.headers().size());
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            out.writeUTF(header.getKey());
            out.writeInt(header.getValue().size());
            for (String value : header.getValue()) {
                out.writeUTF(value);
            }
        }
        out.writeInt(response.body().length);
        out.write(response.body());
        return bytes.toByteArray();
    }

    private static StoredResponse response(int status, byte[] plaintext) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(plaintext));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int headerCount = in.readInt();
        for (int i = 0; i < headerCount; i++) {
            String name = in.readUTF();
            int valueCount = in.readInt();
            List<String> values = new ArrayList<>(valueCount);
            for (int v = 0; v < valueCount; v++) {
                values.add(in.readUTF());
            }
            headers.put(name, values);
        }
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        return new StoredResponse(status, headers, body);
    }
}
