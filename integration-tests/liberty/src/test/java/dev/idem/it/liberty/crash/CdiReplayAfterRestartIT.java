package dev.idem.it.liberty.crash;

import dev.idem.it.suite.crash.CrashClient;
import dev.idem.it.suite.crash.DatabaseProbe;
import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.it.suite.crash.CrashClient.Reply;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, CDI bean methods, on Open Liberty: the result an {@code @Idempotent} CDI method
 * recorded is replayed by a new JVM of the server after the old one was killed (SIGKILL), and
 * the method does not run again.
 */
@Tag("reliability")
class CdiReplayAfterRestartIT {

    private final LibertyServer server = LibertyServer.fromBuild();
    private final DatabaseProbe db = DatabaseProbe.fromBuild();

    @AfterEach
    void serverIsBack() {
        server.ensureRunning();
    }

    @Test
    void resultRecordedBeforeTheJvmWasKilled_isReplayedAfterRestart_andTheMethodRunsOnce() {
        String key = "cdi-crash-" + UUID.randomUUID();
        String ref = "cdi-ref-" + UUID.randomUUID();
        String path = "/cdi/charge?key=" + key + "&ref=" + ref + "&amount=42";

        // GIVEN a CDI method that ran once for this key and recorded its result
        Reply first = new CrashClient(server.baseUri()).post(null, path);
        assertThat(first.status()).as("first call: %s", first).isEqualTo(200);
        assertThat(first.text()).as("first call").contains("\"outcome\":\"returned\"", "\"type\":\"Receipt\"");
        assertThat(db.countExecutions("pay-charge", ref)).as("runs of the first call").isEqualTo(1);
        assertThat(db.recordState(key)).as("record of the first call").contains("DONE");

        // WHEN the server's JVM is killed and started again
        server.kill();
        server.start();

        // THEN the same call gets the recorded result, and the method does not run again
        Reply again = new CrashClient(server.baseUri()).post(null, path);
        assertThat(again.status()).as("call after the restart: %s", again).isEqualTo(200);
        assertThat(again.text()).as("result after the restart (the first call's, execution id included)")
                .isEqualTo(first.text());
        assertThat(db.countExecutions("pay-charge", ref)).as("runs after the restart").isEqualTo(1);
        assertThat(db.countRecords(key)).as("records").isEqualTo(1);
    }
}
