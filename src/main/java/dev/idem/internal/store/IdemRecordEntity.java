package dev.idem.internal.store;

import dev.idem.spi.RecordState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * The JPA mapping of the {@code idem_record} table, column for column as in
 * {@code META-INF/idem/migration/R__idem_record.sql}, so that a persistence unit that generates its schema
 * ({@code drop-and-create}) creates a table the store can use. List this class in the application's
 * persistence unit.
 *
 * <p>The store itself reads and writes the table with native SQL and never through this entity.
 * Fields are private with accessors because EclipseLink silently loses writes to public fields.
 * Timestamps are {@link OffsetDateTime} because Jakarta Persistence 3.1 has no {@code Instant}
 * basic type: EclipseLink 4.0 would serialize an {@code Instant} into {@code bytea}. Where a column
 * needs a definition, {@code NOT NULL} is part of it because EclipseLink drops
 * {@code nullable = false} when a column definition is given (Hibernate ORM then writes it twice,
 * which PostgreSQL accepts). The varchar columns use {@code length} instead: with a definition,
 * Hibernate's {@code update} schema migration issues invalid {@code ALTER COLUMN} statements.
 */
@Entity
@IdClass(IdemRecordKey.class)
@Table(name = "idem_record", indexes = @Index(name = "idem_record_expires_at_idx", columnList = "expires_at"))
public class IdemRecordEntity {

    @Id
    @Column(name = "scope", nullable = false, length = 64)
    private String scope;

    @Id
    @Column(name = "idem_key", nullable = false, columnDefinition = "text NOT NULL")
    private String key;

    @Column(name = "fingerprint", nullable = false, length = 64)
    private String fingerprint;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false, length = 16)
    private RecordState state;

    @Column(name = "lease_token", nullable = false, columnDefinition = "bigint NOT NULL")
    private long leaseToken;

    @Column(name = "locked_until", columnDefinition = "timestamptz")
    private OffsetDateTime lockedUntil;

    @Column(name = "status", columnDefinition = "integer")
    private Integer status;

    /** Recorded headers in the text form described in the DDL file. */
    @Column(name = "headers", columnDefinition = "text")
    private String headers;

    @Column(name = "body", columnDefinition = "bytea")
    private byte[] body;

    @Column(name = "created_at", nullable = false, columnDefinition = "timestamptz NOT NULL")
    private OffsetDateTime createdAt;

    @Column(name = "expires_at", nullable = false, columnDefinition = "timestamptz NOT NULL")
    private OffsetDateTime expiresAt;

    public String getScope() {
        return scope;
    }

    public void setScope(String scope) {
        this.scope = scope;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getFingerprint() {
        return fingerprint;
    }

    public void setFingerprint(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    public RecordState getState() {
        return state;
    }

    public void setState(RecordState state) {
        this.state = state;
    }

    public long getLeaseToken() {
        return leaseToken;
    }

    public void setLeaseToken(long leaseToken) {
        this.leaseToken = leaseToken;
    }

    public OffsetDateTime getLockedUntil() {
        return lockedUntil;
    }

    public void setLockedUntil(OffsetDateTime lockedUntil) {
        this.lockedUntil = lockedUntil;
    }

    public Integer getStatus() {
        return status;
    }

    public void setStatus(Integer status) {
        this.status = status;
    }

    public String getHeaders() {
        return headers;
    }

    public void setHeaders(String headers) {
        this.headers = headers;
    }

    public byte[] getBody() {
        return body;
    }

    public void setBody(byte[] body) {
        this.body = body;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(OffsetDateTime createdAt) {
        this.createdAt = createdAt;
    }

    public OffsetDateTime getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(OffsetDateTime expiresAt) {
        this.expiresAt = expiresAt;
    }
}
