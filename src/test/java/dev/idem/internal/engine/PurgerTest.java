package dev.idem.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.spi.Claim;
import dev.idem.spi.RecordId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PurgerTest {
    @RegisterExtension
    final LogCapture log = new LogCapture();
    private final FakeClock clock = new FakeClock();
    private final InMemoryStore store = new InMemoryStore(clock);

    private void claim(String key, Duration lifetime) {
        Instant now = clock.instant();
        store.tryClaim(new Claim(new RecordId("s", key), "fp", 1, now, now.plus(lifetime)));
    }

    @Test
    void purge_deletesEveryExpiredRecordInBatchesUntilABatchComesBackShort() {
        for (int i = 0; i < 25; i++) {
            claim("old-" + i, Duration.ofMinutes(1));
        }
        claim("live", Duration.ofHours(1));
        clock.advance(Duration.ofMinutes(1));

        int purged = new Purger(store, clock, 10).purgeOnce();

        assertThat(purged).isEqualTo(25);
        assertThat(store.calls(InMemoryStore.Op.PURGE)).isEqualTo(3);
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void purge_whenTheStoreIsDown_logsAndReturnsWithoutThrowing() {
        store.goDown();

        assertThat(new Purger(store, clock, 10).purgeOnce()).isZero();
    }
}
