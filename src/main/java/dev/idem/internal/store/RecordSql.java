package dev.idem.internal.store;

/**
 * The store's SQL for one table. Parameters are JPA positional ({@code ?1}, {@code ?2}, ...),
 * the one form of native query parameter both Hibernate ORM and EclipseLink accept. Values that
 * are always {@code NULL} are written as literals rather than bound, because binding a typeless
 * {@code null} is where providers differ most.
 *
 * <p>With asynchronous commit (separate mode), claim, takeover, completion and release commit
 * without waiting for their WAL to reach disk: WAL is flushed in order, so the next synchronous
 * commit (the caller's business transaction, or any other) makes them durable too; see the
 * store's documentation for what a database crash can lose.
 */
final class RecordSql {
    /** Columns of {@link #find()}, in order. */
    static final int FINGERPRINT = 0;
    static final int STATE = 1;
    static final int LEASE_TOKEN = 2;
    static final int LOCKED_UNTIL = 3;
    static final int STATUS = 4;
    static final int HEADERS = 5;
    static final int BODY = 6;
    static final int CREATED_AT = 7;
    static final int EXPIRES_AT = 8;
    /** The extra column of {@link #findByKey()}. */
    static final int SCOPE = 9;
    /** Bound parameters per claim and per completion of {@link #writeBatch(int, int)}. */
    static final int CLAIM_PARAMETERS = 6;
    static final int COMPLETE_PARAMETERS = 7;
    /** Column 0 of {@link #writeBatch(int, int)}: whether a claim or a completion wrote the row. */
    static final int CLAIMED = 0;
    static final int COMPLETED = 1;

    private static final String RETURNING_ONE = " RETURNING 1";

    /**
     * Turns {@code synchronous_commit} off for the rest of the statement's transaction
     * ({@code SET LOCAL}), inside the statement itself so that it costs no round trip. A CTE
     * holding a volatile function is evaluated where it is read and never inlined away.
     */
    private static final String ASYNC_COMMIT = "WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true) AS value) ";

    private final String table;
    private final String prefix;
    private final String now;
    private final String noLock;
    private final String gate;
    /** The texts that do not vary, built once: callers look them up by text, so each is one instance. */
    private final String claim;
    private final String claimReturning;
    private final String complete;
    private final String completeReturning;
    private final String find;
    private final String takeOver;
    private final String release;
    private final String purgeExpired;
    private final String findByKey;
    private final String delete;
    private final String lockKey;
    private final String checkKey;
    private final String record;
    private final String recordReturning;

    /**
     * @param asynchronousCommit whether each statement commits without waiting for its WAL flush
     *                           (separate mode only: never in the caller's transaction)
     */
    RecordSql(TableName table, boolean asynchronousCommit) {
        this.table = table.qualified();
        this.prefix = asynchronousCommit ? ASYNC_COMMIT : "";
        this.now = asynchronousCommit ? "(SELECT clock_timestamp() FROM async_commit)" : "clock_timestamp()";
        this.noLock = asynchronousCommit ? "(SELECT NULL::timestamptz FROM async_commit)" : "NULL";
        this.gate = asynchronousCommit ? " AND (SELECT value FROM async_commit) IS NOT NULL" : "";
        this.claim = buildClaim();
        this.claimReturning = claim + RETURNING_ONE;
        this.complete = buildComplete();
        this.completeReturning = complete + RETURNING_ONE;
        this.find = buildFind();
        this.takeOver = buildTakeOver();
        this.release = buildRelease();
        this.purgeExpired = buildPurgeExpired();
        this.findByKey = buildFindByKey();
        this.delete = buildDelete();
        this.lockKey = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(?1)) AS locked";
        this.checkKey = "SELECT 1 FROM " + this.table + " WHERE scope = ?1 AND idem_key = ?2";
        this.record = buildRecord();
        this.recordReturning = record + RETURNING_ONE;
    }

    /**
     * ?1 the key's lock (see {@link JpaIdempotencyStore}): waits until the caller's transaction
     * holds this transaction-scoped advisory lock. One row.
     */
    String lockKey() {
        return lockKey;
    }

    /** ?1 scope, ?2 key: one row when a record exists, expired or not. */
    String checkKey() {
        return checkKey;
    }

    /**
     * Same-transaction mode's completion, the record's only write for a new key: ?1 scope, ?2 key,
     * ?3 fingerprint, ?4 lease token, ?5 status, ?6 headers, ?7 body, ?8 expires at. Inserts the
     * finished record, its {@code created_at} then the moment it is recorded; where a row exists,
     * completes it only if it is this lease's in-flight claim (written in this transaction by a
     * takeover, or by the claim where it inserts a row). Changes one row when recorded, none when
     * another request holds or finished the key.
     */
    String record() {
        return record;
    }

    /** {@link #record()} returning a row when recorded (see {@link Statements#changed}). */
    String recordReturning() {
        return recordReturning;
    }

    private String buildRecord() {
        return "INSERT INTO " + table + " AS r"
                + " (scope, idem_key, fingerprint, state, lease_token, locked_until, status, headers, body, created_at, expires_at)"
                + " VALUES (?1, ?2, ?3, 'DONE', ?4, NULL, ?5, ?6, ?7, clock_timestamp(), ?8)"
                + " ON CONFLICT (scope, idem_key) DO UPDATE SET state = 'DONE', status = EXCLUDED.status,"
                + " headers = EXCLUDED.headers, body = EXCLUDED.body, locked_until = NULL, expires_at = EXCLUDED.expires_at"
                + " WHERE r.lease_token = EXCLUDED.lease_token AND r.state = 'IN_FLIGHT'";
    }

    /**
     * ?1 scope, ?2 key, ?3 fingerprint, ?4 lease token, ?5 locked until, ?6 expires at. Changes one
     * row when it claimed the key, none when the key exists.
     */
    String claim() {
        return claim;
    }

    /** {@link #claim()} returning a row when it claimed the key (see {@link Statements#changed}). */
    String claimReturning() {
        return claimReturning;
    }

    private String buildClaim() {
        return prefix + "INSERT INTO " + table
                + " (scope, idem_key, fingerprint, state, lease_token, locked_until, status, headers, body, created_at, expires_at)"
                + " VALUES (?1, ?2, ?3, 'IN_FLIGHT', ?4, ?5, NULL, NULL, NULL, " + now + ", ?6)"
                + " ON CONFLICT (scope, idem_key) DO NOTHING";
    }

    /**
     * Completions and claims of several records in one statement, each row as {@link #complete()}
     * or {@link #claim()} would write it. Parameters: for completion {@code i} (from 0),
     * ?(7i+1) to ?(7i+7) are its status, headers, body, expires at, scope, key and lease token;
     * the claims' follow, for claim {@code j} its scope, key, fingerprint, lease token, locked
     * until and expires at from ?(7c+6j+1) on, {@code c} being the number of completions. Returns
     * one row per record written: {@link #CLAIMED} or {@link #COMPLETED}, then scope, key and
     * lease token. Rows are written in the order given (claims as listed, completions by a nested
     * loop over the values, each row found by its primary key); callers sort them by scope and
     * key. Both parts see the same snapshot; a claim of a key that the statement completes finds
     * the row and claims nothing.
     */
    String writeBatch(int completions, int claims) {
        if (completions == 0) {
            return prefix + claimRows(claims, 0);
        }
        if (claims == 0) {
            return prefix + completeRows(completions, 0);
        }
        String with = prefix.isEmpty() ? "WITH " : prefix.substring(0, prefix.length() - 1) + ", ";
        return with + "completed AS (" + completeRows(completions, 0) + "),"
                + " claimed AS (" + claimRows(claims, completions * COMPLETE_PARAMETERS) + ")"
                + " SELECT * FROM claimed UNION ALL SELECT * FROM completed";
    }

    private String claimRows(int rows, int offset) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table)
                .append(" (scope, idem_key, fingerprint, state, lease_token, locked_until, status, headers, body, created_at, expires_at) VALUES ");
        for (int row = 0; row < rows; row++) {
            int p = offset + row * CLAIM_PARAMETERS;
            sql.append(row == 0 ? "" : ", ")
                    .append("(?").append(p + 1).append(", ?").append(p + 2).append(", ?").append(p + 3)
                    .append(", 'IN_FLIGHT', ?").append(p + 4).append(", ?").append(p + 5)
                    .append(", NULL, NULL, NULL, ").append(now).append(", ?").append(p + 6).append(')');
        }
        return sql.append(" ON CONFLICT (scope, idem_key) DO NOTHING RETURNING ").append(CLAIMED)
                .append(", scope, idem_key, lease_token").toString();
    }

    private String completeRows(int rows, int offset) {
        StringBuilder sql = new StringBuilder("UPDATE ").append(table)
                .append(" AS r SET state = 'DONE', status = v.status, headers = v.headers, body = v.body, locked_until = ")
                .append(noLock).append(", expires_at = v.expires_at FROM (VALUES ");
        for (int row = 0; row < rows; row++) {
            int p = offset + row * COMPLETE_PARAMETERS;
            sql.append(row == 0 ? "" : ", ")
                    .append("(CAST(?").append(p + 1).append(" AS integer), CAST(?").append(p + 2)
                    .append(" AS text), CAST(?").append(p + 3).append(" AS bytea), CAST(?").append(p + 4)
                    .append(" AS timestamptz), CAST(?").append(p + 5).append(" AS varchar), CAST(?").append(p + 6)
                    .append(" AS text), CAST(?").append(p + 7).append(" AS bigint))");
        }
        return sql.append(") AS v (status, headers, body, expires_at, scope, idem_key, lease_token)")
                .append(" WHERE r.scope = v.scope AND r.idem_key = v.idem_key AND r.lease_token = v.lease_token")
                .append(" AND r.state = 'IN_FLIGHT' RETURNING ").append(COMPLETED)
                .append(", r.scope, r.idem_key, r.lease_token").toString();
    }

    /** ?1 scope, ?2 key; columns as numbered by the constants of this class. */
    String find() {
        return find;
    }

    private String buildFind() {
        return "SELECT fingerprint, state, lease_token, locked_until, status, headers, body, created_at, expires_at"
                + " FROM " + table + " WHERE scope = ?1 AND idem_key = ?2";
    }

    /**
     * ?1 new fingerprint, ?2 new lease token, ?3 new locked until, ?4 new expires at, ?5 scope, ?6 key,
     * ?7 current lease token, ?8 current state.
     */
    String takeOver() {
        return takeOver;
    }

    private String buildTakeOver() {
        return prefix + "UPDATE " + table + " SET fingerprint = ?1, state = 'IN_FLIGHT', lease_token = ?2, locked_until = ?3,"
                + " status = NULL, headers = NULL, body = NULL, created_at = " + now + ", expires_at = ?4"
                + " WHERE scope = ?5 AND idem_key = ?6 AND lease_token = ?7 AND state = ?8";
    }

    /**
     * ?1 status, ?2 headers, ?3 body, ?4 expires at, ?5 scope, ?6 key, ?7 lease token. Changes one
     * row when completed, none when the lease was lost.
     */
    String complete() {
        return complete;
    }

    /** {@link #complete()} returning a row when completed (see {@link Statements#changed}). */
    String completeReturning() {
        return completeReturning;
    }

    private String buildComplete() {
        return prefix + "UPDATE " + table + " SET state = 'DONE', status = ?1, headers = ?2, body = ?3, locked_until = " + noLock + ","
                + " expires_at = ?4 WHERE scope = ?5 AND idem_key = ?6 AND lease_token = ?7 AND state = 'IN_FLIGHT'";
    }

    /** ?1 scope, ?2 key, ?3 lease token. */
    String release() {
        return release;
    }

    private String buildRelease() {
        return prefix + "DELETE FROM " + table + " WHERE scope = ?1 AND idem_key = ?2 AND lease_token = ?3 AND state = 'IN_FLIGHT'"
                + gate;
    }

    /**
     * ?1 now, ?2 batch size. Rows another transaction has locked (a concurrent purge, takeover or
     * completion) are skipped rather than waited for, so purgers on many instances neither block
     * nor deadlock each other. The doomed rows are addressed by {@code ctid}, which the row lock
     * keeps stable until the delete: PostgreSQL then deletes them by tuple id, where a join on
     * the primary key is planned as a scan of the whole table.
     */
    String purgeExpired() {
        return purgeExpired;
    }

    private String buildPurgeExpired() {
        return "DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + table
                + " WHERE expires_at <= ?1 ORDER BY expires_at LIMIT ?2 FOR UPDATE SKIP LOCKED))";
    }

    /** ?1 key, ?2 limit; columns as {@link #find()}, then the scope. Administration only: a scan. */
    String findByKey() {
        return findByKey;
    }

    private String buildFindByKey() {
        return "SELECT fingerprint, state, lease_token, locked_until, status, headers, body, created_at, expires_at, scope"
                + " FROM " + table + " WHERE idem_key = ?1 ORDER BY created_at, scope LIMIT ?2";
    }

    /** ?1 scope, ?2 key, ?3 lease token; any state. */
    String delete() {
        return delete;
    }

    private String buildDelete() {
        return "DELETE FROM " + table + " WHERE scope = ?1 AND idem_key = ?2 AND lease_token = ?3";
    }
}
