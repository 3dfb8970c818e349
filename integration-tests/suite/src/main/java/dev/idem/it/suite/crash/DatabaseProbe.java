package dev.idem.it.suite.crash;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the application's PostgreSQL shows from outside: committed rows, and the transactions
 * still open in other sessions with the tables they have written to.
 */
public final class DatabaseProbe {

    /** A transaction open in another session that has written rows (it holds a transaction id). */
    public record OpenTransaction(int backendPid, String sessionState, SortedSet<String> tablesWritten) {
    }

    private static final String OPEN_WRITERS = """
            SELECT a.pid, a.state, c.relname
              FROM pg_stat_activity a
              JOIN pg_locks l ON l.pid = a.pid
              JOIN pg_class c ON c.oid = l.relation
             WHERE a.datname = current_database()
               AND a.pid <> pg_backend_pid()
               AND a.backend_xid IS NOT NULL
               AND l.locktype = 'relation' AND l.mode = 'RowExclusiveLock' AND l.granted
               AND c.relkind IN ('r', 'p')
             ORDER BY a.pid, c.relname""";

    private final String url;
    private final Properties credentials = new Properties();

    public DatabaseProbe(String url, String user, String password) {
        this.url = url;
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
    }

    /** The application's database, as the build names it to the suite. */
    public static DatabaseProbe fromBuild() {
        return new DatabaseProbe(System.getProperty("idem.it.jdbc-url"), System.getProperty("idem.it.jdbc-user"),
                System.getProperty("idem.it.jdbc-password"));
    }

    /** Committed {@code it_order} rows with this ref. */
    public long countOrders(String ref) {
        return count("SELECT count(*) FROM it_order WHERE ref = ?", ref);
    }

    /** Committed {@code idem_record} rows with this key, in any scope. */
    public long countRecords(String key) {
        return count("SELECT count(*) FROM idem_record WHERE idem_key = ?", key);
    }

    /** Committed {@code it_execution} rows: how many times an endpoint started for this ref. */
    public long countExecutions(String endpoint, String ref) {
        return count("SELECT count(*) FROM it_execution WHERE endpoint = ? AND ref = ?", endpoint, ref);
    }

    /** The committed record's state ({@code IN_FLIGHT} or {@code DONE}), if there is one. */
    public Optional<String> recordState(String key) {
        List<String> states = query("SELECT state FROM idem_record WHERE idem_key = ?", rows -> rows.getString(1), key);
        return states.stream().findFirst();
    }

    /** Advisory locks that the session with this backend process id holds. */
    public long countAdvisoryLocksHeldBy(int backendPid) {
        return count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = ?", backendPid);
    }

    /** Every transaction open in another session that has written rows, with the tables it wrote. */
    public List<OpenTransaction> openWriteTransactions() {
        Map<Integer, OpenTransaction> open = new LinkedHashMap<>();
        query(OPEN_WRITERS, rows -> {
            int pid = rows.getInt(1);
            String state = rows.getString(2);
            return open.computeIfAbsent(pid, p -> new OpenTransaction(p, state, new TreeSet<>()))
                    .tablesWritten().add(rows.getString(3));
        });
        return new ArrayList<>(open.values());
    }

    /** Waits until an open transaction in another session has written to {@code table}. */
    public OpenTransaction awaitOpenTransactionWriting(String table, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (OpenTransaction transaction : openWriteTransactions()) {
                if (transaction.tablesWritten().contains(table)) {
                    return transaction;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No open transaction wrote to " + table + " within " + timeout
                        + "; open writers: " + openWriteTransactions());
            }
            CrashClient.pause(25);
        }
    }

    /** Waits until no open transaction in another session has written to {@code table}: what opens later is ours. */
    public void awaitNoOpenTransactionWriting(String table, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (openWriteTransactions().stream().anyMatch(transaction -> transaction.tablesWritten().contains(table))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Transactions writing to " + table + " still open after " + timeout
                        + ": " + openWriteTransactions());
            }
            CrashClient.pause(25);
        }
    }

    /** Waits until the session of {@code backendPid} has ended (its open transaction rolled back with it). */
    public void awaitSessionGone(int backendPid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count("SELECT count(*) FROM pg_stat_activity WHERE pid = ?", backendPid) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("PostgreSQL session " + backendPid + " still exists " + timeout
                        + " after its client was killed");
            }
            CrashClient.pause(25);
        }
    }

    /** Waits until an endpoint has started at least once for ref (its execution row is committed at once). */
    public void awaitExecution(String endpoint, String ref, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (countExecutions(endpoint, ref) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(endpoint + " did not start for " + ref + " within " + timeout);
            }
            CrashClient.pause(25);
        }
    }

    private long count(String sql, Object... parameters) {
        return query(sql, rows -> rows.getLong(1), parameters).get(0);
    }

    private interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<T> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(row.read(rows));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not query " + url + ": " + e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException {
        Connection connection = new org.postgresql.Driver().connect(url, credentials);
        if (connection == null) {
            throw new SQLException("Not a PostgreSQL JDBC URL: " + url);
        }
        return connection;
    }
}
