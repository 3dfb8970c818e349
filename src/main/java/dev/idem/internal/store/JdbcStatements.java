package dev.idem.internal.store;

import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Statements} on a JDBC connection, as prepared statements whose JPA positional
 * parameters are turned into JDBC's. Where the connection comes from is the subclass's: the
 * session's transaction ({@link HibernateStatements}) or a connection of its own
 * ({@link OnConnection}).
 */
abstract class JdbcStatements extends Statements {
    /** Statement texts in JDBC form, by their JPA form; the store writes a bounded set of texts. */
    private static final Map<String, String> JDBC_SQL = new ConcurrentHashMap<>();
    /** Pairs of statements sent as one ({@link #rowsAfter}), in JDBC form, by their JPA texts. */
    private static final Map<Pair, String> JDBC_PAIRS = new ConcurrentHashMap<>();

    /** Work on a JDBC connection. */
    @FunctionalInterface
    interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on this unit's connection; an {@link SQLException} surfaces as a {@link PersistenceException}. */
    abstract <T> T withConnection(Work<T> work);

    @Override
    final List<Object[]> rows(String sql, Object... values) {
        String jdbcSql = jdbc(sql);
        return withConnection(connection -> {
            try (PreparedStatement statement = prepare(connection, jdbcSql, values);
                 ResultSet results = statement.executeQuery()) {
                return read(results);
            }
        });
    }

    private static List<Object[]> read(ResultSet results) throws SQLException {
        int columns = results.getMetaData().getColumnCount();
        List<Object[]> rows = new ArrayList<>();
        while (results.next()) {
            Object[] row = new Object[columns];
            for (int c = 0; c < columns; c++) {
                row[c] = results.getObject(c + 1);
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * Both statements as one multi-statement prepared statement: the driver sends them together
     * and PostgreSQL runs them one after the other, each with a snapshot of its own.
     */
    @Override
    final List<Object[]> rowsAfter(String first, Object[] firstValues, String second, Object[] secondValues) {
        String sql = JDBC_PAIRS.computeIfAbsent(new Pair(first, second), pair -> jdbc(first) + ";\n" + jdbc(second));
        Object[] values = new Object[firstValues.length + secondValues.length];
        System.arraycopy(firstValues, 0, values, 0, firstValues.length);
        System.arraycopy(secondValues, 0, values, firstValues.length, secondValues.length);
        return withConnection(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, values)) {
                if (!statement.execute() || !statement.getMoreResults()) {
                    throw new IllegalStateException("Expected the rows of two statements: " + sql);
                }
                try (ResultSet results = statement.getResultSet()) {
                    return read(results);
                }
            }
        });
    }

    @Override
    final int update(String sql, Object... values) {
        String jdbcSql = jdbc(sql);
        return withConnection(connection -> {
            try (PreparedStatement statement = prepare(connection, jdbcSql, values)) {
                return statement.executeUpdate();
            }
        });
    }

    @Override
    final int changed(String sql, String returning, Object... values) {
        return update(sql, values);
    }

    /**
     * One JDBC batch: the driver sends every run before it reads any answer, and PostgreSQL's
     * JDBC driver prepares a statement repeated in a batch on the server at once, so that it is
     * parsed and planned once per connection, not at every batch.
     */
    @Override
    final int[] updateEach(String sql, List<Object[]> runs) {
        String jdbcSql = jdbc(sql);
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(jdbcSql)) {
                for (Object[] values : runs) {
                    bind(statement, values);
                    statement.addBatch();
                }
                return counts(statement.executeBatch(), runs.size(), sql);
            }
        });
    }

    @Override
    final boolean pipelines() {
        return true;
    }

    /**
     * The batch's row counts, refused unless there is one exact count per run: a driver that
     * rewrites a batch (PostgreSQL's {@code reWriteBatchedInserts}) may report
     * {@link Statement#SUCCESS_NO_INFO} instead, and the store must know which rows it wrote.
     */
    static int[] counts(int[] counts, int runs, String sql) {
        if (counts.length != runs) {
            throw new IllegalStateException("A batch of " + runs + " runs returned " + counts.length + " row counts: " + sql);
        }
        for (int count : counts) {
            if (count < 0) {
                throw new IllegalStateException("The JDBC driver did not report the row count of each run of a batch"
                        + " (" + count + "); Idem needs them: " + sql);
            }
        }
        return counts;
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object[] values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            bind(statement, values);
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement statement, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }

    /** Two statement texts, as the key of {@link #JDBC_PAIRS}. */
    private record Pair(String first, String second) {
    }

    /** {@code sql} with {@code ?1}, {@code ?2}, ... (which must appear once each, in that order) as JDBC's {@code ?}. */
    static String jdbc(String sql) {
        String cached = JDBC_SQL.get(sql);
        return cached != null ? cached : JDBC_SQL.computeIfAbsent(sql, JdbcStatements::translate);
    }

    private static String translate(String sql) {
        StringBuilder jdbc = new StringBuilder(sql.length());
        int expected = 1;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c != '?') {
                jdbc.append(c);
                continue;
            }
            int end = i + 1;
            while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
                end++;
            }
            if (end == i + 1 || Integer.parseInt(sql.substring(i + 1, end)) != expected) {
                throw new IllegalArgumentException("Parameters must be ?1, ?2, ... in order, each once: " + sql);
            }
            expected++;
            jdbc.append('?');
            i = end - 1;
        }
        return jdbc.toString();
    }

    /** The statements of a unit of work on a connection of its own (see {@link Autocommit}). */
    static final class OnConnection extends JdbcStatements {
        private final Connection connection;

        OnConnection(Connection connection) {
            this.connection = connection;
        }

        @Override
        <T> T withConnection(Work<T> work) {
            try {
                return work.on(connection);
            } catch (SQLException e) {
                throw new PersistenceException(e.getMessage(), e);
            }
        }
    }
}
