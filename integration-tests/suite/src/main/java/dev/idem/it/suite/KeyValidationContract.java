package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Missing and malformed keys are refused with 400 problem+json before anything runs, never with
 * a 500. Default rules: a bare token or an sf-string of 16 to 255 printable ASCII characters.
 */
public class KeyValidationContract extends ContractSupport {

    @Test
    public void missingKeyOnRequiredEndpoint_isRejectedWith400() {
        String ref = newRef();

        Response response = request().contentType(ContentType.JSON).body(orderJson(ref, 1)).post("/orders");

        assertProblem(response, 400, KEY_MISSING);
        assertThat(db().countOrders(ref)).as("orders placed").isZero();
    }

    @Test
    public void emptyKey_isRejectedAsMalformed() {
        assertMalformed("");
    }

    @Test
    public void keyOf15Characters_isRejectedAsMalformed() {
        assertMalformed(keyOfLength(15));
    }

    @Test
    public void keyOf16Characters_isAccepted() {
        assertAccepted(keyOfLength(16));
    }

    @Test
    public void keyOf255Characters_isAccepted() {
        assertAccepted(keyOfLength(255));
    }

    @Test
    public void keyOf256Characters_isRejectedAsMalformed() {
        assertMalformed(keyOfLength(256));
    }

    @Test
    public void unterminatedSfString_isRejectedAsMalformed() {
        assertMalformed("\"" + newKey());
    }

    @Test
    public void sfStringKey_isAccepted() {
        assertAccepted("\"abcdefghijklmnopqrstuvwxyz-" + keyOfLength(8) + "\"");
    }

    @Test
    public void nonAsciiKey_isRejectedAsMalformed() {
        String ref = newRef();
        byte[] key = (newKey() + "-cl\u00e9").getBytes(StandardCharsets.UTF_8);

        RawHttp.Reply reply = RawHttp.send(Target.baseUri(), "POST", "/orders/from-query?ref=" + ref,
                List.of(RawHttp.line(KEY_HEADER, key)));

        assertProblem(reply, 400, KEY_MALFORMED);
        assertThat(db().countOrders(ref)).as("orders placed").isZero();
    }

    @Test
    public void keyWithTabInside_isRejectedAsMalformed() {
        String ref = newRef();
        byte[] key = (newKey() + "\tend").getBytes(StandardCharsets.US_ASCII);

        RawHttp.Reply reply = RawHttp.send(Target.baseUri(), "POST", "/orders/from-query?ref=" + ref,
                List.of(RawHttp.line(KEY_HEADER, key)));

        assertProblem(reply, 400, KEY_MALFORMED);
        assertThat(db().countOrders(ref)).as("orders placed").isZero();
    }

    @Test
    public void keyWithControlCharacter_isRejectedWith400NotRun() {
        String ref = newRef();
        byte[] key = (newKey() + "\u0001end").getBytes(StandardCharsets.US_ASCII);

        RawHttp.Reply reply = RawHttp.send(Target.baseUri(), "POST", "/orders/from-query?ref=" + ref,
                List.of(RawHttp.line(KEY_HEADER, key)));

        // An HTTP server may refuse such a field itself, before the application sees it;
        // when the request does reach the application, the answer must be Idem's problem.
        assertThat(reply.status()).as("status; body: %s", reply.bodyText()).isEqualTo(400);
        if (String.valueOf(reply.header("Content-Type")).startsWith(PROBLEM_JSON)) {
            assertProblem(reply, 400, KEY_MALFORMED);
        }
        assertThat(db().countOrders(ref)).as("orders placed").isZero();
    }

    @Test
    public void keyHeaderSentTwice_isRejectedAsMalformed() {
        String ref = newRef();
        String key = newKey();

        RawHttp.Reply reply = RawHttp.send(Target.baseUri(), "POST", "/orders/from-query?ref=" + ref,
                List.of(RawHttp.line(KEY_HEADER, key.getBytes(StandardCharsets.US_ASCII)),
                        RawHttp.line(KEY_HEADER, newKey().getBytes(StandardCharsets.US_ASCII))));

        assertProblem(reply, 400, KEY_MALFORMED);
        assertThat(db().countOrders(ref)).as("orders placed").isZero();
    }

    @Test
    public void keyRulesFromTheAnnotation_allowShorterKeysOfTheGivenPattern() {
        String ref = newRef();
        Response response = withKey("k-" + keyOfLength(6).toLowerCase()).post("/key-rules?ref=" + ref);

        assertFreshRun(response, 200);
        assertThat(db().countExecutions("key-rules", ref)).as("runs").isEqualTo(1);
    }

    @Test
    public void keyRulesFromTheAnnotation_rejectKeysOutsideThePattern() {
        String ref = newRef();

        assertProblem(withKey("UPPER-CASE-KEY").post("/key-rules?ref=" + ref), 400, KEY_MALFORMED);
        assertProblem(withKey("k-" + keyOfLength(23).toLowerCase()).post("/key-rules?ref=" + ref), 400, KEY_MALFORMED);
        assertProblem(withKey("k-abcd").post("/key-rules?ref=" + ref), 400, KEY_MALFORMED);
        assertThat(db().countExecutions("key-rules", ref)).as("runs").isZero();
    }

    private void assertMalformed(String key) {
        String ref = newRef();

        Response response = postOrder(key, ref, 1);

        assertProblem(response, 400, KEY_MALFORMED);
        assertThat(db().countOrders(ref)).as("orders placed").isZero();
    }

    private void assertAccepted(String key) {
        String ref = newRef();

        Response first = postOrder(key, ref, 1);

        assertFreshRun(first, 201);
        assertReplayOf(postOrder(key, ref, 1), first);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }
}
