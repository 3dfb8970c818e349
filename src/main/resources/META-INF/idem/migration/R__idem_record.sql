--liquibase formatted sql
-- Idem: idempotency records, PostgreSQL 12 or later.
--
-- One file for every way of creating the schema, used as it is:
-- - Idem runs it at start-up unless idem.schema.create=false;
-- - Flyway runs it as a repeatable migration (R__): add classpath:META-INF/idem/migration to the
--   locations. Repeatable, not versioned, so that it never collides with the application's own V1;
-- - Liquibase reads it as a formatted SQL changelog: include this file from the master changelog;
-- - a DBA runs it with psql.
-- Every statement is guarded (IF NOT EXISTS), so running the file again changes nothing. Later
-- versions of Idem only append guarded statements here, in a new changeset.
-- The table name is fixed here. For another name (idem.store.table), write your own migration:
-- replace every "idem_record" in this file (the index and primary key names are derived from it).
--
-- scope         hex SHA-256 of the caller's principal and scope headers
-- idem_key      the Idempotency-Key as sent; text because its maximum length is configurable
--               (the primary key index bounds scope plus key to about 2,700 bytes)
-- fingerprint   hex SHA-256 of method, path, sorted query and body of the first request
-- state         IN_FLIGHT while the first execution runs, DONE once its response is recorded
-- lease_token   fencing token of the current owner; completion and release must present it
-- locked_until  end of the in-flight owner's lease, NULL once DONE
-- status        recorded HTTP status, NULL while IN_FLIGHT
-- headers       recorded headers, one "Name: value" line per value, backslash-escaped
-- body          recorded body bytes, NULL while IN_FLIGHT
-- created_at    set by the database on every claim and takeover
-- expires_at    from this instant on the record counts as absent and may be purged

--changeset idem:1
CREATE TABLE IF NOT EXISTS idem_record (
    scope        varchar(64)  NOT NULL,
    idem_key     text         NOT NULL,
    fingerprint  varchar(64)  NOT NULL,
    state        varchar(16)  NOT NULL,
    lease_token  bigint       NOT NULL,
    locked_until timestamptz  NULL,
    status       integer      NULL,
    headers      text         NULL,
    body         bytea        NULL,
    created_at   timestamptz  NOT NULL,
    expires_at   timestamptz  NOT NULL,
    CONSTRAINT idem_record_pkey PRIMARY KEY (scope, idem_key)
);

CREATE INDEX IF NOT EXISTS idem_record_expires_at_idx ON idem_record (expires_at);
