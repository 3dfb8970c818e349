package dev.idem.it.liberty.crash;

import dev.idem.it.suite.crash.CrashClient;
import dev.idem.it.suite.crash.DatabaseProbe;
import dev.idem.it.suite.crash.CrashAssertions;
import org.junit.jupiter.api.Tag;
import static dev.idem.it.suite.crash.CrashAssertions.assertFreshRun;
import static dev.idem.it.suite.crash.CrashAssertions.assertReplayOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.it.suite.crash.CrashClient.Reply;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, "Reliability suite", item 2, on Open Liberty: the server's JVM is killed (SIGKILL)
 * while a request (separate mode) holds its lease, then started again against the same database.
 * A retry while the dead owner's lease still runs is refused with 409; once the lease has expired
 * the retry takes the key over and runs; a further retry replays it. The dead owner's record
 * never blocks the key for longer than its lease.
 *
 * <p>{@code /crash-lease/slow} ({@code CrashLeaseResource}, lease PT30S): its first run for a ref
 * sleeps {@code ms}, a later run does not; it places its order after the pause.
 */
@Tag("reliability")
class LeaseExpiryCrashIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** The lease of {@code /crash-lease}: {@code CrashLeaseResource.LEASE}. */
    private static final Duration LEASE = Duration.ofSeconds(30);

    private static final String ENDPOINT = "crash-lease-slow";

    private final LibertyServer server = LibertyServer.fromBuild();
    private final DatabaseProbe db = DatabaseProbe.fromBuild();

    @AfterEach
    void serverIsBack() {
        server.ensureRunning();
    }

    @Test
    void jvmKilledWhileTheRequestHoldsItsLease_retryGets409UntilTheLeaseExpires_thenTakesOverAndRunsOnce() {
        String key = "crash-" + UUID.randomUUID();
        String ref = "crash-ref-" + UUID.randomUUID();
        // the killed run sleeps 30 s; the retry is the very same request (same fingerprint)
        String path = "/crash-lease/slow?ms=30000&ref=" + ref;
        long began = System.nanoTime();

        // GIVEN a request that has claimed its key (committed, separate mode) and is running
        CompletableFuture<Reply> killedRequest = new CrashClient(server.baseUri()).postInBackground(key, path);
        db.awaitExecution(ENDPOINT, ref, PATIENCE);
        assertThat(db.recordState(key)).as("committed record while the request runs").contains("IN_FLIGHT");

        // WHEN the JVM is killed while the request holds its lease
        server.kill();

        // THEN the client gets no answer, no order was placed, and the dead owner's claim remains
        assertNoAnswer(killedRequest);
        assertThat(db.countOrders(ref)).as("orders after the crash").isZero();
        assertThat(db.recordState(key)).as("record after the crash").contains("IN_FLIGHT");

        // WHEN the server is started again and the client retries before the lease expires
        server.start();
        CrashClient client = new CrashClient(server.baseUri());
        Reply early = client.post(key, path);
        Duration leaseLeft = leaseLeft(key);

        // THEN the retry is refused with 409 and a Retry-After, and nothing runs
        assertThat(leaseLeft).as("the dead owner's lease left after the early retry (restart %d ms after the claim)",
                (System.nanoTime() - began) / 1_000_000).isPositive();
        assertThat(early.status()).as("retry while the dead owner's lease runs: %s", early).isEqualTo(409);
        assertThat(early.header("Content-Type")).as("Content-Type of the 409").startsWith("application/problem+json");
        assertThat(early.text()).as("problem type").contains("urn:idem:problem:in-flight");
        assertThat(early.header("Retry-After")).as("Retry-After").matches("[0-9]+");
        assertThat(Long.parseLong(early.header("Retry-After"))).as("Retry-After seconds")
                .isBetween(1L, LEASE.toSeconds());
        assertThat(db.countExecutions(ENDPOINT, ref)).as("runs after the early retry").isEqualTo(1);
        assertThat(db.countOrders(ref)).as("orders after the early retry").isZero();

        // WHEN the lease has expired and the client retries again
        awaitLeaseExpired(key);
        Reply takeover = client.post(key, path);

        // THEN the retry takes the key over and runs: the killed run and this one, one order
        assertFreshRun(takeover, 200);
        assertThat(takeover.text()).as("body of the takeover").contains("\"ref\":\"" + ref + "\"", "\"run\":2");
        assertThat(db.countExecutions(ENDPOINT, ref)).as("runs after the takeover").isEqualTo(2);
        assertThat(db.countOrders(ref)).as("orders after the takeover").isEqualTo(1);
        assertThat(db.countRecords(key)).as("records").isEqualTo(1);
        assertThat(db.recordState(key)).as("record state after the takeover").contains("DONE");

        // AND a further retry replays the takeover's response byte for byte, and runs nothing
        assertReplayOf(client.post(key, path), takeover);
        assertThat(db.countExecutions(ENDPOINT, ref)).as("runs after the replay").isEqualTo(2);
        assertThat(db.countOrders(ref)).as("orders after the replay").isEqualTo(1);
        System.out.printf("[crash] lease expiry on Open Liberty: killed, restarted, 409 with %d ms of lease left,"
                + " taken over and replayed, %d ms in all%n", leaseLeft.toMillis(), (System.nanoTime() - began) / 1_000_000);
    }

    /** How long the record's lease still runs, by the database's clock (negative once expired). */
    private Duration leaseLeft(String key) {
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT (extract(epoch FROM locked_until - now()) * 1000)::bigint FROM idem_record WHERE idem_key = ?")) {
            statement.setString(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).as("a record for %s", key).isTrue();
                long millis = rows.getLong(1);
                assertThat(rows.wasNull()).as("locked_until of %s (null once DONE)", key).isFalse();
                return Duration.ofMillis(millis);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the lease of " + key + ": " + e.getMessage(), e);
        }
    }

    /** Waits, bounded by the lease itself, until the record's lease has passed, with a little margin. */
    private void awaitLeaseExpired(String key) {
        long deadline = System.nanoTime() + LEASE.plus(PATIENCE).toNanos();
        Duration left;
        while (!(left = leaseLeft(key)).isNegative()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The lease of " + key + " still runs for " + left);
            }
            CrashClient.pause(Math.min(500, left.toMillis() + 1));
        }
        CrashClient.pause(250);
    }

    private Connection connect() throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", System.getProperty("idem.it.jdbc-user"));
        credentials.setProperty("password", System.getProperty("idem.it.jdbc-password"));
        return new org.postgresql.Driver().connect(System.getProperty("idem.it.jdbc-url"), credentials);
    }

    /** The client of the killed JVM got no response at all, only a broken connection. */
    private static void assertNoAnswer(CompletableFuture<Reply> killedRequest) {
        assertThat(killedRequest).as("the request of the killed JVM").failsWithin(PATIENCE)
                .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(IOException.class);
    }
}
