package dev.idem.it.suite;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Encryption at rest ({@code idem.encryption.keys}, on for the whole suite in both test
 * applications): a finished record keeps its response headers and body only inside one AES-GCM
 * envelope in the {@code body} column, the {@code headers} column holds no plaintext headers, and
 * the replay is still byte-identical. A row altered behind Idem's back (body, status, envelope
 * moved from another record, fingerprint, or a plaintext row slipped in) is refused with 500
 * {@value #RECORD_UNREADABLE}: never replayed, and the resource does not run again.
 *
 * <p>The rows are read and altered over JDBC ({@link Database#rawRecords},
 * {@link Database#tamper}), as someone with write access to the database could.
 */
@Tag("reliability")
public class EncryptionContract extends ContractSupport {

    protected static final String RECORD_UNREADABLE = "urn:idem:problem:record-unreadable";

    @Test
    public void recordedResponse_isNotStoredInPlaintext_butReplaysByteIdentical() {
        String key = newKey();
        String ref = newRef();

        Response first = postOrder(key, ref, 42);

        assertFreshRun(first, 201);
        String location = first.header("Location");
        String execution = first.jsonPath().getString("execution");
        // The markers are really in the response (so the checks below are not vacuous)
        assertThat(location).as("Location of the first response").isNotBlank();
        assertThat(first.asString()).as("first body").contains(ref).contains(execution);
        assertThat(first.header("Content-Type")).as("Content-Type of the first response").isNotBlank();

        Database.RawRecord row = onlyDoneRow(key);
        assertThat(row.body()).as("stored body column").isNotNull().isNotEmpty();
        assertThat(contains(row.body(), first.asByteArray())).as("body column holds the response body").isFalse();
        assertThat(contains(row.body(), utf8(ref))).as("body column holds the marker %s", ref).isFalse();
        assertThat(contains(row.body(), utf8(execution))).as("body column holds the marker %s", execution).isFalse();
        assertThat(contains(row.body(), utf8(location))).as("body column holds the Location value").isFalse();
        assertThat(row.headers() == null || row.headers().isEmpty())
                .as("headers column is empty or NULL, was: %s", row.headers()).isTrue();
        String headers = row.headers() == null ? "" : row.headers();
        assertThat(headers).as("headers column").doesNotContain(location);
        assertThat(headers.toLowerCase(Locale.ROOT)).as("headers column").doesNotContain("content-type");

        Response replay = postOrder(key, ref, 42);

        assertReplayOf(replay, first);
        assertThat(replay.header("Location")).as("replayed Location").isEqualTo(location);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    @Test
    public void oneByteFlippedInTheStoredBody_isRefused_neverReplayedNorRun() {
        String key = newKey();
        String ref = newRef();
        assertFreshRun(postOrder(key, ref, 7), 201);

        byte[] body = onlyDoneRow(key).body();
        byte[] altered = body.clone();
        int middle = altered.length / 2;
        altered[middle] ^= 0x01;
        assertThat(db().tamper("UPDATE idem_record SET body = ? WHERE idem_key = ?", altered, key))
                .as("rows altered").isEqualTo(1);

        assertRefusedTwice(key, ref, 7);
    }

    @Test
    public void alteredStatus_isRefused_neverReplayedNorRun() {
        String key = newKey();
        String ref = newRef();
        assertFreshRun(postOrder(key, ref, 8), 201);

        assertThat(db().tamper("UPDATE idem_record SET status = 299 WHERE idem_key = ?", key))
                .as("rows altered").isEqualTo(1);

        assertRefusedTwice(key, ref, 8);
    }

    /** A valid envelope, but another key's: bound to its own record, it does not open under this one. */
    @Test
    public void envelopeCopiedFromAnotherRecord_isRefused_neverReplayedNorRun() {
        String key = newKey();
        String ref = newRef();
        String otherKey = newKey();
        assertFreshRun(postOrder(key, ref, 9), 201);
        assertFreshRun(postOrder(otherKey, newRef(), 9), 201);

        Database.RawRecord other = onlyDoneRow(otherKey);
        assertThat(other.status()).as("status of the other record").isEqualTo(onlyDoneRow(key).status());
        assertThat(db().tamper("UPDATE idem_record SET body = ? WHERE idem_key = ?", other.body(), key))
                .as("rows altered").isEqualTo(1);

        assertRefusedTwice(key, ref, 9);
    }

    /**
     * The envelope is bound to the record's fingerprint too: given the fingerprint of another
     * request (recorded under another key), the row must not answer that other request with its
     * own recorded response.
     */
    @Test
    public void fingerprintCopiedFromAnotherRequest_isRefused_neverReplayedForIt() {
        String key = newKey();
        String ref = newRef();
        String otherKey = newKey();
        String otherRef = newRef();
        assertFreshRun(postOrder(key, ref, 10), 201);
        assertFreshRun(postOrder(otherKey, otherRef, 11), 201);

        String otherFingerprint = onlyDoneRow(otherKey).fingerprint();
        assertThat(otherFingerprint).as("fingerprint of the other request").isNotBlank()
                .isNotEqualTo(onlyDoneRow(key).fingerprint());
        assertThat(db().tamper("UPDATE idem_record SET fingerprint = ? WHERE idem_key = ?", otherFingerprint, key))
                .as("rows altered").isEqualTo(1);

        // The other request under this key now matches the stored fingerprint
        Response answer = postOrder(key, otherRef, 11);

        assertThat(answer.asString()).as("the response recorded for another request").doesNotContain(ref);
        assertProblem(answer, 500, RECORD_UNREADABLE);
        assertThat(db().countOrders(otherRef)).as("orders placed for the other request").isEqualTo(1);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    /** A plaintext row, as written without encryption (or forged), is not replayed once encryption is on. */
    @Test
    public void plaintextRowSlippedIn_isRefused_neverReplayedNorRun() {
        String key = newKey();
        String ref = newRef();
        assertFreshRun(postOrder(key, ref, 12), 201);

        String forged = "{\"forged\":true,\"ref\":\"" + ref + "\"}";
        assertThat(db().tamper("UPDATE idem_record SET headers = ?, body = ? WHERE idem_key = ?",
                "Content-Type: application/json\nLocation: https://attacker.example/forged\n", utf8(forged), key))
                .as("rows altered").isEqualTo(1);

        Response answer = postOrder(key, ref, 12);

        assertThat(answer.asString()).as("answer").doesNotContain("forged");
        assertThat(answer.header("Location")).as("Location").isNull();
        assertProblem(answer, 500, RECORD_UNREADABLE);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    /** Plaintext headers written next to a valid envelope are never replayed: refused, or ignored. */
    @Test
    public void plaintextHeadersAddedNextToTheEnvelope_areNeverReplayed() {
        String key = newKey();
        String ref = newRef();
        Response first = postOrder(key, ref, 13);
        assertFreshRun(first, 201);

        String injected = "https://attacker.example/" + ref;
        assertThat(db().tamper("UPDATE idem_record SET headers = ? WHERE idem_key = ?",
                "Location: " + injected + "\nContent-Type: text/html\n", key))
                .as("rows altered").isEqualTo(1);

        Response answer = postOrder(key, ref, 13);

        assertThat(answer.headers().getValues("Location")).as("Location").doesNotContain(injected);
        assertThat(answer.header("Content-Type")).as("Content-Type").doesNotStartWith("text/html");
        if (answer.statusCode() == 500) {
            assertProblem(answer, 500, RECORD_UNREADABLE);
        } else {
            assertReplayOf(answer, first);
        }
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    /** The retry, and the one after it, are refused; the order was placed once, by the first request. */
    private void assertRefusedTwice(String key, String ref, long amount) {
        for (int attempt = 1; attempt <= 2; attempt++) {
            Response answer = postOrder(key, ref, amount);
            assertThat(answer.asString()).as("answer %d", attempt).doesNotContain(ref);
            assertProblem(answer, 500, RECORD_UNREADABLE);
            assertThat(db().countOrders(ref)).as("orders placed after retry %d", attempt).isEqualTo(1);
        }
    }

    private Database.RawRecord onlyDoneRow(String key) {
        List<Database.RawRecord> rows = db().rawRecords(key);
        assertThat(rows).as("idem_record rows for the key").hasSize(1);
        Database.RawRecord row = rows.get(0);
        assertThat(row.state()).as("record state").isEqualTo("DONE");
        return row;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code needle} occurs in {@code haystack}. */
    static boolean contains(byte[] haystack, byte[] needle) {
        return HttpWire.indexOf(haystack, needle) >= 0;
    }
}
