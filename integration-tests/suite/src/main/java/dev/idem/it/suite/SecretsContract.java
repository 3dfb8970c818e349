package dev.idem.it.suite;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What Idem keeps must not leak: credential-bearing response headers ({@code Set-Cookie},
 * {@code Authorization}, {@code WWW-Authenticate}, {@code Proxy-Authenticate}, ...) are never
 * stored nor replayed, and no log line, logged exception or FFDC report ever contains a stored
 * body, whichever warning path a request takes (oversized response, streamed response, lease
 * taken over by a retry, a refused body or key reuse); and another principal or tenant using the
 * same key with another body runs fresh rather than learning, from a 422, that the key was used
 * (same bodies: {@link ScopeContract}).
 *
 * <p>The log is read through {@link #openLog()}. By default that is the Open Liberty server's log
 * directory: every file next to {@code messages.log} (the system property
 * {@code it.liberty.messages-log}): {@code console.log}, {@code trace.log} if tracing is on, and
 * the {@code ffdc} reports; only what was appended after the tap opened. A runtime that runs the
 * suite in the application's JVM (Quarkus) overrides it with an in-JVM log handler.
 */
@Tag("reliability")
public class SecretsContract extends ContractSupport {

    /** System property naming the Liberty server's messages.log. */
    public static final String MESSAGES_LOG_PROPERTY = "it.liberty.messages-log";

    private static final String[] CREDENTIAL_HEADERS = {
        "Set-Cookie", "Set-Cookie2", "Cookie", "Authorization", "Proxy-Authorization",
        "WWW-Authenticate", "Proxy-Authenticate"
    };

    /** The log of the application under test, from the moment it was opened. */
    public interface LogTap extends AutoCloseable {

        /** Everything logged since the tap opened: messages, exceptions with their causes and stack traces. */
        String text();

        @Override
        void close();
    }

    /** Opens a tap on the application's log; see the class comment. */
    protected LogTap openLog() {
        String messagesLog = System.getProperty(MESSAGES_LOG_PROPERTY);
        if (messagesLog == null || messagesLog.isBlank()) {
            throw new IllegalStateException("Set " + MESSAGES_LOG_PROPERTY
                    + " to the server's messages.log, or override openLog() to read the application's log");
        }
        return new LogDirectoryTap(Paths.get(messagesLog).getParent());
    }

    @Test
    public void credentialHeaders_areNeitherStoredNorReplayed() {
        String key = newKey();
        String ref = newRef();
        String body = "secret-body-" + UUID.randomUUID();

        Response first = credentials(key, ref, body);

        assertFreshRun(first, 201);
        assertThat(first.asString()).isEqualTo(body);
        // The resource really set them (so the checks below are not vacuous)
        assertThat(first.header("Set-Cookie")).as("Set-Cookie on the first response").isNotNull();
        assertThat(first.header("WWW-Authenticate")).as("WWW-Authenticate on the first response").isNotNull();
        assertThat(first.header("Proxy-Authenticate")).as("Proxy-Authenticate on the first response").isNotNull();
        assertThat(first.header("Authorization")).as("Authorization on the first response").isNotNull();

        // The raw row, as PostgreSQL holds it: with encryption at rest the headers column is empty
        // and the body column an envelope, without it they are plaintext; either way, no
        // credential header name in the headers column and no credential value in either column.
        List<Database.RawRecord> stored = db().rawRecords(key);
        assertThat(stored).as("idem_record rows for the key").hasSize(1);
        Database.RawRecord row = stored.get(0);
        assertThat(row.state()).as("record state").isEqualTo("DONE");
        String headers = row.headers() == null ? "" : row.headers();
        byte[] storedBody = row.body() == null ? new byte[0] : row.body();
        String lower = headers.toLowerCase(Locale.ROOT);
        for (String name : CREDENTIAL_HEADERS) {
            assertThat(lower).as("stored headers %s", headers).doesNotContain(name.toLowerCase(Locale.ROOT) + ":");
            String value = first.header(name);
            if (value != null) {
                String secret = secretOf(value);
                assertThat(headers).as("stored headers hold the value of %s", name).doesNotContain(secret);
                assertThat(EncryptionContract.contains(storedBody, secret.getBytes(StandardCharsets.UTF_8)))
                        .as("stored body column holds the value of %s", name).isFalse();
            }
        }

        Response replay = credentials(key, ref, body);

        // The recorded headers were kept (the replay has the same Content-Type and Location), the
        // credential ones were not: so the checks are not vacuous
        assertReplayOf(replay, first);
        assertThat(replay.header("Location")).as("replayed Location").isNotNull();
        for (String name : CREDENTIAL_HEADERS) {
            assertThat(replay.headers().getValues(name)).as("%s on the replay", name).isEmpty();
        }
        assertThat(db().countExecutions("secrets-credentials", ref)).as("runs").isEqualTo(1);
    }

    /** Another principal's use of the key, with another body, is not a reuse: no 422 tells bob that alice used it. */
    @Test
    public void sameKeyFromAnotherPrincipalWithAnotherBody_runsFresh_notKeyReused() {
        String key = newKey();
        String ref = newRef();

        Response alice = secureOrder(ScopeContract.ALICE, ScopeContract.ALICE_PASSWORD, key, orderJson(ref, 10));
        Response bob = secureOrder(ScopeContract.BOB, ScopeContract.BOB_PASSWORD, key, orderJson(ref, 99));

        assertFreshRun(alice, 201);
        assertFreshRun(bob, 201);
        assertThat(bob.jsonPath().getString("principal")).isEqualTo(ScopeContract.BOB);
        assertThat(bob.jsonPath().getLong("amount")).isEqualTo(99);
        assertReplayOf(secureOrder(ScopeContract.ALICE, ScopeContract.ALICE_PASSWORD, key, orderJson(ref, 10)), alice);
        assertProblem(secureOrder(ScopeContract.BOB, ScopeContract.BOB_PASSWORD, key, orderJson(ref, 10)), 422, KEY_REUSED);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(2);
    }

    /** Tenants, and no tenant at all: the same key with other bodies runs once in each, never a 422 across them. */
    @Test
    public void sameKeyFromOtherTenantsWithOtherBodies_runsFreshInEach_notKeyReused() {
        String key = newKey();
        String ref = newRef();

        Response red = tenantOrder("red", key, orderJson(ref, 1));
        Response blue = tenantOrder("blue", key, orderJson(ref, 2));
        Response none = tenantOrder(null, key, orderJson(ref, 3));
        Response upper = tenantOrder("RED", key, orderJson(ref, 4));

        assertFreshRun(red, 201);
        assertFreshRun(blue, 201);
        assertFreshRun(none, 201);
        assertFreshRun(upper, 201);
        assertReplayOf(tenantOrder("red", key, orderJson(ref, 1)), red);
        assertReplayOf(tenantOrder(null, key, orderJson(ref, 3)), none);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(4);
    }

    private Response secureOrder(String user, String password, String key, String json) {
        return withKey(key).auth().preemptive().basic(user, password)
                .contentType(ContentType.JSON).body(json).post("/secure/orders");
    }

    private Response tenantOrder(String tenant, String key, String json) {
        var spec = withKey(key).contentType(ContentType.JSON).body(json);
        if (tenant != null) {
            spec = spec.header("X-Tenant", tenant);
        }
        return spec.post("/tenant/orders");
    }

    @Test
    public void storedBodies_neverReachTheLog_onAnyWarningPath() {
        String marker = "idem-it-log-marker-" + UUID.randomUUID();
        String body = "{\"secret\":\"" + marker + "\"}";
        Map<String, String> warnedKeys = new HashMap<>();

        try (LogTap log = openLog()) {
            // Recorded and replayed; then the same key with another body (422)
            String key = newKey();
            String ref = newRef();
            assertFreshRun(credentials(key, ref, body), 201);
            assertThat(credentials(key, ref, body).header(REPLAYED_HEADER)).isEqualTo("true");
            assertProblem(credentials(key, ref, body + " changed " + marker), 422, KEY_REUSED);

            // A response over max-body-size: answered, not recorded, WARN
            String oversizedKey = newKey();
            Response oversized = withKey(oversizedKey).contentType(ContentType.TEXT).body(body)
                    .post("/secrets/oversized?times=64&ref=" + newRef());
            assertFreshRun(oversized, 200);
            assertThat(oversized.asString()).contains(marker);
            warnedKeys.put(oversizedKey, "exceeds");

            // A streamed response: answered, not recorded, WARN
            String streamKey = newKey();
            Response streamed = withKey(streamKey).contentType(ContentType.TEXT).body(body)
                    .post("/secrets/stream?ref=" + newRef());
            assertFreshRun(streamed, 200);
            assertThat(streamed.asString()).isEqualTo(body);
            warnedKeys.put(streamKey, "streamed");

            // The first run outlives its one-second lease, a retry takes the key over and is
            // recorded, the first one's late completion is refused: WARN
            String leaseKey = newKey();
            String leaseRef = newRef();
            String path = "/secrets/slow?ms=2500&ref=" + leaseRef;
            CompletableFuture<Response> slow = inBackground(() ->
                    withKey(leaseKey).contentType(ContentType.TEXT).body(body).post(path));
            db().awaitExecutions("secrets-slow", leaseRef, 1, PATIENCE);
            pause(Duration.ofMillis(1400));
            Response retry = withKey(leaseKey).contentType(ContentType.TEXT).body(body).post(path);
            assertFreshRun(retry, 200);
            assertThat(retry.asString()).contains(marker);
            assertFreshRun(await(slow), 200);
            warnedKeys.put(leaseKey, "lease was taken over");

            // A request body over max-body-size: 413
            byte[] tooLarge = (marker + " ").repeat(64).getBytes(StandardCharsets.US_ASCII);
            assertProblem(withKey(newKey()).contentType(ContentType.BINARY).body(tooLarge)
                    .post("/limited/echo?ref=" + newRef()), 413, BODY_TOO_LARGE);

            // Every WARN path was taken, and the tap sees it: the checks below are not vacuous
            String text = awaitLogged(log, warnedKeys);
            assertThat(text).as("the application log since the first request").doesNotContain(marker);
        }
    }

    /** Waits until, for every key, a log line names it with its phrase; then returns the log text. */
    private static String awaitLogged(LogTap log, Map<String, String> phraseByKey) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            String text = log.text();
            List<String> missing = new ArrayList<>();
            phraseByKey.forEach((key, phrase) -> {
                if (text.lines().noneMatch(line -> line.contains(key) && line.contains(phrase))) {
                    missing.add("'" + phrase + "' for key " + key);
                }
            });
            if (missing.isEmpty()) {
                return text;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No log line says " + missing + " after " + PATIENCE
                        + ": the warning paths were not taken, or the log is not where the test looks. Log text:\n"
                        + text);
            }
            pause(Duration.ofMillis(100));
        }
    }

    private Response credentials(String key, String ref, String body) {
        return withKey(key).contentType(ContentType.TEXT).body(body).post("/secrets/credentials?ref=" + ref);
    }

    /** The part of a credential header value that is unique to the run (a UUID). */
    private static String secretOf(String value) {
        java.util.regex.Matcher uuid = java.util.regex.Pattern
                .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").matcher(value);
        return uuid.find() ? uuid.group() : value;
    }

    /** The files of a log directory (and its ffdc reports), from their sizes when the tap opened. */
    static final class LogDirectoryTap implements LogTap {

        private final Path directory;
        private final Map<Path, Long> startSizes = new HashMap<>();

        LogDirectoryTap(Path directory) {
            this.directory = directory;
            assertThat(directory).as("log directory").isDirectory();
            for (Path file : files()) {
                startSizes.put(file, file.toFile().length());
            }
        }

        @Override
        public String text() {
            StringBuilder text = new StringBuilder();
            for (Path file : files()) {
                long from = startSizes.getOrDefault(file, 0L);
                try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                    long length = in.length();
                    if (length <= from) {
                        continue;
                    }
                    byte[] bytes = new byte[(int) (length - from)];
                    in.seek(from);
                    in.readFully(bytes);
                    text.append("==> ").append(directory.relativize(file)).append('\n')
                            .append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
                } catch (IOException e) {
                    throw new IllegalStateException("Could not read " + file + ": " + e, e);
                }
            }
            return text.toString();
        }

        private List<Path> files() {
            try (Stream<Path> walk = Files.walk(directory, 2)) {
                return walk.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                throw new IllegalStateException("Could not list " + directory + ": " + e, e);
            }
        }

        @Override
        public void close() {
        }
    }
}
