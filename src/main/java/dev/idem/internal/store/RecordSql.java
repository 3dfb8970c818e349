package dev.idem.internal.store;

/**
 * The store's SQL for one table. Parameters are JPA positional ({@code ?1}, {@code ?2}, ...),
 * the one form of native query parameter both Hibernate ORM and EclipseLink accept. Values that
 * are always {@code NULL} are written as literals rather than bound, because binding a typeless
 * {@code null} is where providers differ most.
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

    private final String table;

    RecordSql(TableName table) {
        this.table = table.qualified();
    }

    /** ?1 scope, ?2 key, ?3 fingerprint, ?4 lease token, ?5 locked until, ?6 expires at. */
    String claim() {
        return "INSERT INTO " + table
                + " (scope, idem_key, fingerprint, state, lease_token, locked_until, status, headers, body, created_at, expires_at)"
                + " VALUES (?1, ?2, ?3, 'IN_FLIGHT', ?4, ?5, NULL, NULL, NULL, clock_timestamp(), ?6)"
                + " ON CONFLICT (scope, idem_key) DO NOTHING RETURNING created_at";
    }

    /** ?1 scope, ?2 key; columns as numbered by the constants of this class. */
    String find() {
        return "SELECT fingerprint, state, lease_token, locked_until, status, headers, body, created_at, expires_at"
                + " FROM " + table + " WHERE scope = ?1 AND idem_key = ?2";
    }

    /**
     * ?1 new fingerprint, ?2 new lease token, ?3 new locked until, ?4 new expires at, ?5 scope, ?6 key,
     * ?7 current lease token, ?8 current state.
     */
    String takeOver() {
        return "UPDATE " + table + " SET fingerprint = ?1, state = 'IN_FLIGHT', lease_token = ?2, locked_until = ?3,"
                + " status = NULL, headers = NULL, body = NULL, created_at = clock_timestamp(), expires_at = ?4"
                + " WHERE scope = ?5 AND idem_key = ?6 AND lease_token = ?7 AND state = ?8";
    }

    /** ?1 status, ?2 headers, ?3 body, ?4 expires at, ?5 scope, ?6 key, ?7 lease token. */
    String complete() {
        return "UPDATE " + table + " SET state = 'DONE', status = ?1, headers = ?2, body = ?3, locked_until = NULL,"
                + " expires_at = ?4 WHERE scope = ?5 AND idem_key = ?6 AND lease_token = ?7 AND state = 'IN_FLIGHT'";
    }

    /** ?1 scope, ?2 key, ?3 lease token. */
    String release() {
        return "DELETE FROM " + table + " WHERE scope = ?1 AND idem_key = ?2 AND lease_token = ?3 AND state = 'IN_FLIGHT'";
    }

    /**
     * ?1 now, ?2 batch size. Rows another transaction has locked (a concurrent purge, takeover or
     * completion) are skipped rather than waited for, so purgers on many instances neither block
     * nor deadlock each other. The doomed rows are addressed by {@code ctid}, which the row lock
     * keeps stable until the delete: PostgreSQL then deletes them by tuple id, where a join on
     * the primary key is planned as a scan of the whole table.
     */
    String purgeExpired() {
        return "DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + table
                + " WHERE expires_at <= ?1 ORDER BY expires_at LIMIT ?2 FOR UPDATE SKIP LOCKED))";
    }

    /** ?1 key, ?2 limit; columns as {@link #find()}, then the scope. Administration only: a scan. */
    String findByKey() {
        return "SELECT fingerprint, state, lease_token, locked_until, status, headers, body, created_at, expires_at, scope"
                + " FROM " + table + " WHERE idem_key = ?1 ORDER BY created_at, scope LIMIT ?2";
    }

    /** ?1 scope, ?2 key, ?3 lease token; any state. */
    String delete() {
        return "DELETE FROM " + table + " WHERE scope = ?1 AND idem_key = ?2 AND lease_token = ?3";
    }
}
