package dev.idem.it.quarkus.crash;

import dev.idem.it.suite.crash.CrashClient;
import dev.idem.it.suite.crash.DatabaseProbe;
import dev.idem.it.suite.crash.CrashAssertions;
import org.junit.jupiter.api.Tag;
import static dev.idem.it.suite.crash.CrashAssertions.assertFreshRun;
import static dev.idem.it.suite.crash.CrashAssertions.assertReplayOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.it.suite.crash.CrashClient.Reply;
import dev.idem.it.suite.crash.DatabaseProbe.OpenTransaction;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Issue 4, "How it is shown", on Quarkus: the application's JVM is killed (SIGKILL) while a
 * same-transaction request sits between its business insert and its completion, then the
 * application is started again against the same database.
 *
 * <p>In same-transaction mode the claim, the business row and the recorded outcome are one JTA
 * transaction: the kill aborts it in PostgreSQL, so neither the order nor the record survives,
 * and the retry after the restart runs exactly once. Shown for a JAX-RS resource method and for
 * a CDI bean method that joins its caller's transaction; the separate mode for contrast, where
 * the claim commits on its own and outlives the crash as an in-flight record.
 */
@Tag("reliability")
class SameTransactionCrashIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /**
     * How long {@code /tx/orders/slow} keeps its transaction open. It comes from the query
     * string, which is part of the fingerprint, so the retry sleeps as long: long enough to be
     * killed in (the kill follows the insert within milliseconds), short enough for the retry.
     */
    private static final long RESOURCE_SLEEP_MS = 3000;

    private EmbeddedDatabase database;
    private DatabaseProbe db;
    private QuarkusApplication application;

    @BeforeEach
    void startApplication(TestInfo test) {
        database = EmbeddedDatabase.start();
        db = database.probe();
        application = QuarkusApplication.start(test.getTestMethod().orElseThrow().getName(), database);
    }

    @AfterEach
    void stopApplication() {
        try {
            if (application != null) {
                application.close();
            }
        } finally {
            database.close();
        }
    }

    @Test
    void resourceMethod_jvmKilledBetweenBusinessInsertAndCompletion_leavesNeitherOrderNorRecord_andTheRetryRunsExactlyOnce() {
        String key = newKey();
        String ref = newRef();
        String path = "/tx/orders/slow?ms=" + RESOURCE_SLEEP_MS + "&ref=" + ref;

        // GIVEN a request that has inserted its order in Idem's transaction, WHEN the JVM is killed, THEN nothing remains
        killTheJvmWhileTheTransactionIsOpen(key, ref, client -> client.postInBackground(key, path));
        assertThat(db.countExecutions("tx-orders-slow", ref)).as("runs started before the crash").isEqualTo(1);

        // WHEN the application is started again and the client retries the very same request
        application.restart();
        CrashClient client = new CrashClient(application.baseUri());
        Reply retry = client.post(key, path);

        // THEN the retry runs exactly once, and the order and the record agree
        assertFreshRun(retry, 200);
        assertThat(db.countExecutions("tx-orders-slow", ref)).as("runs after the retry").isEqualTo(2);
        assertOneOrderAndOneFinishedRecord(ref, key);

        // AND a further retry is a replay of it, byte for byte, and runs nothing
        assertReplayOf(client.post(key, path), retry);
        assertThat(db.countExecutions("tx-orders-slow", ref)).as("runs after the replay").isEqualTo(2);
        assertOneOrderAndOneFinishedRecord(ref, key);
    }

    /**
     * {@code /cdi/checkout}: a {@code @Transactional} caller invokes {@code PaymentService.chargeJoined}
     * ({@code @Idempotent(transaction = "same")}, fingerprint over its key and payment), then keeps
     * its transaction open for {@code ms}, which the idempotent method never sees: the retry is the
     * same call without the pause.
     */
    @Test
    void cdiMethodInTheCallersTransaction_jvmKilledBeforeTheCommit_leavesNeitherOrderNorRecord_andTheRetryRunsExactlyOnce() {
        String key = newKey();
        String ref = newRef();
        String call = "/cdi/checkout?key=" + key + "&ref=" + ref + "&amount=7";

        killTheJvmWhileTheTransactionIsOpen(key, ref, client -> client.postInBackground(null, call + "&ms=20000"));
        assertThat(db.countExecutions("pay-joined", ref)).as("runs started before the crash").isEqualTo(1);

        application.restart();
        CrashClient client = new CrashClient(application.baseUri());
        Reply retry = client.post(null, call + "&ms=0");

        assertThat(retry.status()).as("retry: %s", retry).isEqualTo(200);
        assertThat(retry.text()).as("retry").contains("\"outcome\":\"returned\"", "\"type\":\"Receipt\"");
        assertThat(db.countExecutions("pay-joined", ref)).as("runs after the retry").isEqualTo(2);
        assertOneOrderAndOneFinishedRecord(ref, key);

        Reply replay = client.post(null, call + "&ms=0");
        assertThat(replay.text()).as("replayed result (the retry's, execution id included)").isEqualTo(retry.text());
        assertThat(db.countExecutions("pay-joined", ref)).as("runs after the replay").isEqualTo(2);
        assertOneOrderAndOneFinishedRecord(ref, key);
    }

    /**
     * The default (separate) mode for contrast: the claim commits before the method runs, so the
     * crash leaves an in-flight record without any order, and a retry is refused with 409 until
     * the lease (one minute here) has passed.
     */
    @Test
    void separateMode_jvmKilledMidRequest_leavesAnInFlightClaimWithoutOrder_andTheRetryGets409() {
        String key = newKey();
        String ref = newRef();
        String path = "/orders/slow?ms=30000&ref=" + ref;

        CompletableFuture<Reply> killedRequest = new CrashClient(application.baseUri()).postInBackground(key, path);
        db.awaitExecution("orders-slow", ref, PATIENCE);
        assertThat(db.recordState(key)).as("committed record while the request is in flight").contains("IN_FLIGHT");

        application.kill();

        assertNoAnswer(killedRequest);
        assertThat(db.countOrders(ref)).as("orders after the crash").isZero();
        assertThat(db.recordState(key)).as("record after the crash").contains("IN_FLIGHT");

        application.restart();
        Reply retry = new CrashClient(application.baseUri()).post(key, path);

        assertThat(retry.status()).as("retry while the dead owner's lease runs: %s", retry).isEqualTo(409);
        assertThat(retry.text()).as("problem type").contains("urn:idem:problem:in-flight");
        assertThat(db.countExecutions("orders-slow", ref)).as("runs").isEqualTo(1);
        assertThat(db.countOrders(ref)).as("orders after the retry").isZero();
    }

    /**
     * Sends a same-transaction call, waits until its transaction has written the order (and holds
     * the key's lock, Idem's claim on Hibernate ORM), kills the JVM, and checks that PostgreSQL rolled
     * that transaction back: no order, no record.
     */
    private void killTheJvmWhileTheTransactionIsOpen(String key, String ref,
                                                     Function<CrashClient, CompletableFuture<Reply>> send) {
        db.awaitNoOpenTransactionWriting("it_order", PATIENCE);
        CompletableFuture<Reply> killedRequest = send.apply(new CrashClient(application.baseUri()));
        OpenTransaction transaction = db.awaitOpenTransactionWriting("it_order", PATIENCE);
        // On Hibernate ORM, Idem's claim writes no row: it holds the key's advisory lock in the
        // call's transaction, and the record is inserted with the outcome (a CDI method that has
        // returned has written it; a resource method still sleeping has not).
        assertThat(transaction.tablesWritten())
                .as("tables written by the call's open transaction")
                .contains("it_order");
        assertThat(db.countAdvisoryLocksHeldBy(transaction.backendPid()))
                .as("advisory locks the call's transaction holds: the key's").isEqualTo(1);
        assertThat(db.countOrders(ref)).as("committed orders while the call is in flight").isZero();
        assertThat(db.countRecords(key)).as("committed records while the call is in flight").isZero();

        application.kill();

        assertNoAnswer(killedRequest);
        db.awaitSessionGone(transaction.backendPid(), PATIENCE);
        assertThat(db.countOrders(ref)).as("orders after the crash").isZero();
        assertThat(db.countRecords(key)).as("records after the crash").isZero();
    }

    private void assertOneOrderAndOneFinishedRecord(String ref, String key) {
        assertThat(db.countOrders(ref)).as("orders").isEqualTo(1);
        assertThat(db.countRecords(key)).as("records").isEqualTo(1);
        assertThat(db.recordState(key)).as("record state").contains("DONE");
    }

    /** The client of the killed JVM got no response at all, only a broken connection. */
    private static void assertNoAnswer(CompletableFuture<Reply> killedRequest) {
        assertThat(killedRequest).as("the request of the killed JVM").failsWithin(PATIENCE)
                .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(IOException.class);
    }

    private static String newKey() {
        return "crash-" + UUID.randomUUID();
    }

    private static String newRef() {
        return "crash-ref-" + UUID.randomUUID();
    }
}
