package dev.idem.bench;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.hibernate.Session;

/**
 * Idem's statements for a first request, as Idem's store runs them on Hibernate ORM (prepared
 * statements on the session's JDBC connection): in separate mode the claim and the completion,
 * each in a transaction of its own that commits asynchronously, the setting made inside the
 * statement; in same-transaction mode the key's lock with the check for a record, and the
 * finished record's insert. The same values and sizes, but none of Idem's code; the texts are
 * {@code RecordSql}'s. Used by {@link SqlOnlyResource}.
 */
@ApplicationScoped
public class IdemSql {
    /** The scope Idem derives for an anonymous caller with no scope headers: 64 hex digits. */
    static final String SCOPE = "b8e9b1ad9dfb0de5a0b46f37d1d23f5fbd2c73e2e42eb1d30b2e6ed5b3b9f5a1";
    /** A fingerprint's size: 64 hex digits. */
    static final String FINGERPRINT = "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";

    private static final String ASYNC = "WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true) AS value) ";
    private static final String CLAIM = "INSERT INTO idem_record"
            + " (scope, idem_key, fingerprint, state, lease_token, locked_until, status, headers, body, created_at, expires_at)"
            + " VALUES (?, ?, ?, 'IN_FLIGHT', ?, ?, NULL, NULL, NULL, %s, ?) ON CONFLICT (scope, idem_key) DO NOTHING";
    private static final String COMPLETE = "UPDATE idem_record SET state = 'DONE', status = ?, headers = ?, body = ?,"
            + " locked_until = %s, expires_at = ? WHERE scope = ? AND idem_key = ? AND lease_token = ? AND state = 'IN_FLIGHT'";
    /** The key's lock, then the check for a record with a snapshot taken once the lock is held: two statements, one round trip. */
    private static final String LOCK_AND_CHECK = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(?)) AS locked;\n"
            + "SELECT 1 FROM idem_record WHERE scope = ? AND idem_key = ?";
    private static final String RECORD = "INSERT INTO idem_record AS r"
            + " (scope, idem_key, fingerprint, state, lease_token, locked_until, status, headers, body, created_at, expires_at)"
            + " VALUES (?, ?, ?, 'DONE', ?, NULL, ?, ?, ?, clock_timestamp(), ?)"
            + " ON CONFLICT (scope, idem_key) DO UPDATE SET state = 'DONE', status = EXCLUDED.status,"
            + " headers = EXCLUDED.headers, body = EXCLUDED.body, locked_until = NULL, expires_at = EXCLUDED.expires_at"
            + " WHERE r.lease_token = EXCLUDED.lease_token AND r.state = 'IN_FLIGHT'";
    private static final String CLAIM_ASYNC = ASYNC + String.format(CLAIM, "(SELECT clock_timestamp() FROM async_commit)");
    private static final String COMPLETE_ASYNC = ASYNC + String.format(COMPLETE, "(SELECT NULL::timestamptz FROM async_commit)");

    @Inject
    EntityManager em;

    /** The claim in a transaction of its own; whether it claimed the key. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean claimAlone(Claim claim) {
        return claim(claim, CLAIM_ASYNC);
    }

    /** The completion in a transaction of its own. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void completeAlone(Claim claim, Response response) {
        complete(claim, response, COMPLETE_ASYNC);
    }

    /**
     * Same-transaction mode's statements around {@code work}, in one transaction: the key's
     * advisory lock with the check for a record, then the finished record's one INSERT.
     */
    @Transactional
    public Response inOneTransaction(Claim claim, Supplier<Response> work) {
        boolean free = em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(LOCK_AND_CHECK)) {
                statement.setLong(1, claim.lock());
                statement.setObject(2, SCOPE);
                statement.setObject(3, claim.key());
                statement.execute();
                statement.getMoreResults();
                try (ResultSet row = statement.getResultSet()) {
                    return !row.next();
                }
            }
        });
        if (!free) {
            return Response.status(Response.Status.CONFLICT).build();
        }
        Response response = work.get();
        String headers = headers(response);
        byte[] body = body(response);
        int recorded = update(RECORD, SCOPE, claim.key(), FINGERPRINT, claim.leaseToken(), response.getStatus(),
                headers, body, claim.expiresAt());
        if (recorded != 1) {
            throw new IllegalStateException("record of " + claim.key() + " changed " + recorded + " rows");
        }
        return response;
    }

    private boolean claim(Claim claim, String sql) {
        return update(sql, SCOPE, claim.key(), FINGERPRINT, claim.leaseToken(), claim.lockedUntil(), claim.expiresAt()) == 1;
    }

    /** Runs {@code sql} as a prepared statement on the session's JDBC connection, as Idem does; its row count. */
    private int update(String sql, Object... values) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    statement.setObject(i + 1, values[i]);
                }
                return statement.executeUpdate();
            }
        });
    }

    private static String headers(Response response) {
        return "Location: " + response.getLocation() + "\nContent-Type: " + response.getMediaType() + "\n";
    }

    private static byte[] body(Response response) {
        return ((String) response.getEntity()).getBytes(StandardCharsets.UTF_8);
    }

    private void complete(Claim claim, Response response, String sql) {
        String headers = headers(response);
        byte[] body = body(response);
        int updated = update(sql, response.getStatus(), headers, body, claim.expiresAt(), SCOPE, claim.key(), claim.leaseToken());
        if (updated != 1) {
            throw new IllegalStateException("completion of " + claim.key() + " changed " + updated + " rows");
        }
    }

    /** A claim's values, as Idem computes them: a random lease token, a lease of a minute, a TTL of a day. */
    public record Claim(String key, long leaseToken, OffsetDateTime lockedUntil, OffsetDateTime expiresAt) {
        /** The key's advisory lock: any 64 bits of a hash of it (Idem's is FNV-1a over table, scope and key). */
        long lock() {
            return key.hashCode() * 0x9E3779B97F4A7C15L;
        }

        static Claim of(String key) {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("an Idempotency-Key is required");
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            // Whole tenths of a second, as Idem's expiry instants, so that the completion rewrites no indexed column.
            OffsetDateTime expires = now.plusDays(1).truncatedTo(ChronoUnit.SECONDS)
                    .plusNanos((now.getNano() / 100_000_000 + 1) * 100_000_000L);
            return new Claim(key, ThreadLocalRandom.current().nextLong(), now.plusMinutes(1), expires);
        }
    }
}
