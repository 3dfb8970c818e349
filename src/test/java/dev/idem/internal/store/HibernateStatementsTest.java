package dev.idem.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The JDBC form of the store's statements on Hibernate ORM. */
class HibernateStatementsTest {

    @Test
    void positionalParameters_becomeJdbcPlaceholders() {
        assertThat(HibernateStatements.jdbc("SELECT a FROM t WHERE b = ?1 AND c IN (?2, ?3) LIMIT ?4"))
                .isEqualTo("SELECT a FROM t WHERE b = ? AND c IN (?, ?) LIMIT ?");
        assertThat(HibernateStatements.jdbc("UPDATE t SET a = ?1, b = ?2, c = ?3, d = ?4, e = ?5, f = ?6, g = ?7,"
                + " h = ?8, i = ?9, j = ?10 WHERE k = ?11"))
                .isEqualTo("UPDATE t SET a = ?, b = ?, c = ?, d = ?, e = ?, f = ?, g = ?, h = ?, i = ?, j = ? WHERE k = ?");
        assertThat(HibernateStatements.jdbc("SELECT 1")).isEqualTo("SELECT 1");
    }

    @Test
    void everyStatementOfTheStore_translates() {
        RecordSql sql = new RecordSql(TableName.of("idem_record"), true);
        for (String statement : new String[] {sql.claim(), sql.complete(), sql.find(), sql.takeOver(), sql.release(),
                sql.purgeExpired(), sql.findByKey(), sql.delete(), sql.writeBatch(3, 0), sql.writeBatch(0, 3),
                sql.writeBatch(2, 5)}) {
            assertThat(HibernateStatements.jdbc(statement)).doesNotContainPattern("\\?[0-9]");
        }
        assertThat(HibernateStatements.jdbc(sql.writeBatch(2, 5)).chars().filter(c -> c == '?').count())
                .isEqualTo(2 * RecordSql.COMPLETE_PARAMETERS + 5 * RecordSql.CLAIM_PARAMETERS);
    }

    @Test
    void parametersOutOfOrderRepeatedOrUnnumbered_areRefused() {
        for (String statement : new String[] {"SELECT ?2, ?1", "SELECT ?1, ?1", "SELECT ?", "SELECT ?1, ?3"}) {
            assertThatThrownBy(() -> HibernateStatements.jdbc(statement))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(statement);
        }
    }

    @Test
    void batchRowCounts_mustBeExact_oneForEachRun() {
        assertThat(HibernateStatements.counts(new int[] {1, 0, 1}, 3, "sql")).containsExactly(1, 0, 1);
        // What a driver that rewrites batches reports: no count, so Idem could not tell which rows it wrote.
        assertThatThrownBy(() -> HibernateStatements.counts(new int[] {Statement.SUCCESS_NO_INFO, 1}, 2, "sql"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("row count");
        assertThatThrownBy(() -> HibernateStatements.counts(new int[] {1}, 2, "sql"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 runs");
    }
}
