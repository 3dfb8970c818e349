package dev.idem.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** Result types differ between providers (Hibernate ORM returns Instant, EclipseLink Timestamp); all are read alike. */
class SqlValuesTest {
    private static final Instant INSTANT = Instant.parse("2031-05-06T07:08:09.123456Z");

    @Test
    void timestamps_bindAsUtcOffsetDateTime() {
        assertThat(SqlValues.timestamp(INSTANT)).isEqualTo(OffsetDateTime.of(2031, 5, 6, 7, 8, 9, 123_456_000, ZoneOffset.UTC));
    }

    @Test
    void everyTimestampRepresentation_readsAsTheSameInstant() {
        assertThat(SqlValues.instant(INSTANT)).isEqualTo(INSTANT);
        assertThat(SqlValues.instant(INSTANT.atOffset(ZoneOffset.ofHoursMinutes(5, 30)))).isEqualTo(INSTANT);
        assertThat(SqlValues.instant(INSTANT.atZone(ZoneId.of("America/New_York")))).isEqualTo(INSTANT);
        assertThat(SqlValues.instant(Timestamp.from(INSTANT))).isEqualTo(INSTANT);
        assertThat(SqlValues.instant(Date.from(INSTANT))).isEqualTo(INSTANT.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(SqlValues.instant(LocalDateTime.ofInstant(INSTANT, ZoneId.systemDefault()))).isEqualTo(INSTANT);
        assertThat(SqlValues.instant(null)).isNull();
    }

    @Test
    void everyNumberType_readsAsTheSameValue() {
        assertThat(SqlValues.longValue(42)).isEqualTo(42L);
        assertThat(SqlValues.longValue(BigInteger.valueOf(-7))).isEqualTo(-7L);
        assertThat(SqlValues.longValue(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(SqlValues.integer(BigDecimal.valueOf(201))).isEqualTo(201);
        assertThat(SqlValues.integer((short) 204)).isEqualTo(204);
        assertThat(SqlValues.integer(null)).isNull();
    }

    @Test
    void bytes_acceptPrimitiveAndBoxedArrays() {
        assertThat(SqlValues.bytes(new byte[] {0, -1})).containsExactly(0, -1);
        assertThat(SqlValues.bytes(new Byte[] {0, -1})).containsExactly(0, -1);
        assertThat(SqlValues.bytes(null)).isNull();
    }

    @Test
    void unexpectedTypes_failNamingTheType() {
        assertThatThrownBy(() -> SqlValues.instant("2031-05-06")).hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> SqlValues.longValue(null)).hasMessageContaining("null");
        assertThatThrownBy(() -> SqlValues.bytes("abc")).hasMessageContaining("java.lang.String");
    }
}
