package dev.idem.internal.store;

import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;

/**
 * Conversions between Java values and what JPA providers bind and return for native queries.
 * Hibernate ORM and EclipseLink disagree on result types (a {@code timestamptz} comes back as a
 * {@link Timestamp}, an {@link OffsetDateTime} or an {@link Instant} depending on the provider and
 * its version), so reading accepts all of them. Binding uses the one form both providers pass
 * through to the PostgreSQL driver unchanged: {@link OffsetDateTime} in UTC.
 */
final class SqlValues {

    private SqlValues() {
    }

    /** The bindable form of an instant for a {@code timestamptz} column. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Reads a {@code timestamptz} result; {@code null} stays {@code null}. */
    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offsetDateTime) {
            return offsetDateTime.toInstant();
        }
        if (value instanceof ZonedDateTime zonedDateTime) {
            return zonedDateTime.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof LocalDateTime localDateTime) {
            // A provider that drops the offset has converted through java.sql.Timestamp, i.e. in the JVM's zone.
            return localDateTime.atZone(ZoneId.systemDefault()).toInstant();
        }
        throw unexpected("timestamp", value);
    }

    static long longValue(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        throw unexpected("bigint", value);
    }

    static Integer integer(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.intValue();
        }
        throw unexpected("integer", value);
    }

    static String string(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Character || value instanceof CharSequence) {
            return value.toString();
        }
        throw unexpected("text", value);
    }

    /** Reads a {@code bytea} result; {@code null} stays {@code null}. */
    static byte[] bytes(Object value) {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof Byte[] boxed) {
            byte[] bytes = new byte[boxed.length];
            for (int i = 0; i < boxed.length; i++) {
                bytes[i] = boxed[i];
            }
            return bytes;
        }
        if (value instanceof Blob blob) {
            try {
                return blob.getBytes(1, Math.toIntExact(blob.length()));
            } catch (SQLException e) {
                throw new IllegalStateException("Could not read a bytea result", e);
            }
        }
        throw unexpected("bytea", value);
    }

    private static IllegalStateException unexpected(String column, Object value) {
        return new IllegalStateException("Unexpected " + column + " result: "
                + (value == null ? "null" : "a " + value.getClass().getName()));
    }
}
