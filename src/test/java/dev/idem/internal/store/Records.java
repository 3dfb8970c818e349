package dev.idem.internal.store;

import dev.idem.spi.Claim;
import dev.idem.spi.RecordId;
import dev.idem.spi.StoredResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Test data for the store tests. Instants carry microseconds, PostgreSQL's precision, so that they round-trip exactly. */
final class Records {
    /** A fixed "now" of the tests' clock, far from the real one so that nothing depends on the wall clock. */
    static final Instant NOW = Instant.parse("2031-05-06T07:08:09.123456Z");
    static final Duration LEASE = Duration.ofMinutes(1);
    static final Duration TTL = Duration.ofHours(24);

    private Records() {
    }

    /** A fresh id: a random scope hash and a random key. */
    static RecordId newId() {
        return new RecordId(hex64(), "key-" + UUID.randomUUID());
    }

    static String hex64() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static long newToken() {
        long token;
        do {
            token = ThreadLocalRandom.current().nextLong();
        } while (token == 0);
        return token;
    }

    /** A claim made at {@code now}: leased for {@link #LEASE}, expiring after {@link #TTL}. */
    static Claim claimAt(RecordId id, Instant now) {
        return new Claim(id, hex64(), newToken(), now.plus(LEASE), now.plus(TTL));
    }

    static Claim claim(RecordId id) {
        return claimAt(id, NOW);
    }

    /** A response with several headers, a repeated one, in an order that is not alphabetical, and every byte value. */
    static StoredResponse richResponse() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Location", List.of("/orders/42"));
        headers.put("Content-Type", List.of("application/octet-stream"));
        headers.put("Link", List.of("</a>; rel=\"next\"", "</b>; rel=\"prev\""));
        headers.put("ETag", List.of("\"v1\""));
        byte[] body = new byte[512];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        return new StoredResponse(201, headers, body);
    }
}
