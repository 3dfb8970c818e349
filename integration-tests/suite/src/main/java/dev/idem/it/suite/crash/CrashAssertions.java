package dev.idem.it.suite.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.it.suite.crash.CrashClient.Reply;

/** What a first run and a replay look like from the client. */
public final class CrashAssertions {

    private CrashAssertions() {
    }

    /** A response the resource produced now, not a replay. */
    public static void assertFreshRun(Reply reply, int status) {
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
        assertThat(reply.header(CrashClient.REPLAYED_HEADER)).as(CrashClient.REPLAYED_HEADER + " on a first run").isNull();
    }

    /** A replay of {@code first}: same status and Content-Type, the very same body bytes, marked as replayed. */
    public static void assertReplayOf(Reply replay, Reply first) {
        assertThat(replay.status()).as("replayed status of %s", replay).isEqualTo(first.status());
        assertThat(replay.header(CrashClient.REPLAYED_HEADER)).as(CrashClient.REPLAYED_HEADER).isEqualTo("true");
        assertThat(replay.body()).as("replayed body bytes").isEqualTo(first.body());
        assertThat(replay.header("Content-Type")).as("replayed Content-Type").isEqualTo(first.header("Content-Type"));
    }
}
