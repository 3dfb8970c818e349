package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The background purge deletes expired records without any request touching them. The
 * applications purge every second ({@code idem.cleanup.interval=PT1S}); {@code /ttl} keeps
 * records for two seconds.
 */
public class PurgeContract extends ContractSupport {

    private static final Duration TTL = Duration.ofSeconds(2);

    @Test
    public void expiredRecords_arePurgedInTheBackground() {
        String key = newKey();
        String ref = newRef();
        assertFreshRun(post(key, "/ttl?ref=" + ref), 200);
        assertThat(db().countRecords(key)).as("records of the key right after the run").isEqualTo(1);

        long deadline = System.nanoTime() + TTL.plus(PATIENCE).toNanos();
        while (db().countRecords(key) > 0 && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(200));
        }

        assertThat(db().countRecords(key)).as("records of the key after its TTL and a purge").isZero();
    }

    @Test
    public void liveRecords_areKeptByThePurge() {
        String key = newKey();
        String ref = newRef();
        assertFreshRun(post(key, "/orders/from-query?ref=" + ref + "&amount=1"), 201);

        pause(Duration.ofMillis(2500)); // more than two purge intervals

        assertThat(db().countRecords(key)).as("records of a key within its TTL").isEqualTo(1);
        assertThat(post(key, "/orders/from-query?ref=" + ref + "&amount=1").header(REPLAYED_HEADER)).isEqualTo("true");
    }
}
