package dev.idem.it.suite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Counts business rows straight in the application's PostgreSQL, to prove how many times a
 * resource really ran. Connection from {@code idem.it.jdbc-url}, {@code idem.it.jdbc-user} and
 * {@code idem.it.jdbc-password}.
 */
public final class Database {

    public static final String URL_PROPERTY = "idem.it.jdbc-url";
    public static final String USER_PROPERTY = "idem.it.jdbc-user";
    public static final String PASSWORD_PROPERTY = "idem.it.jdbc-password";

    private final String url;
    private final Properties credentials = new Properties();

    private Database(String url, String user, String password) {
        this.url = url;
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
    }

    /** The database named by these settings ({@link #URL_PROPERTY} and so on); fails clearly when the URL is missing. */
    public static Database from(Properties settings) {
        String url = settings.getProperty(URL_PROPERTY);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("Setting " + URL_PROPERTY
                    + " must name the JDBC URL of the application's PostgreSQL");
        }
        return new Database(url, settings.getProperty(USER_PROPERTY), settings.getProperty(PASSWORD_PROPERTY));
    }

    /** Rows in {@code it_order} with this ref. */
    public long countOrders(String ref) {
        return count("SELECT count(*) FROM it_order WHERE ref = ?", ref);
    }

    /** Rows in {@code it_execution} for this endpoint and ref: how many times it ran. */
    public long countExecutions(String endpoint, String ref) {
        return count("SELECT count(*) FROM it_execution WHERE endpoint = ? AND ref = ?", endpoint, ref);
    }

    /** Rows in Idem's {@code idem_record} table for this key, in any scope, expired or not. */
    public long countRecords(String key) {
        return count("SELECT count(*) FROM idem_record WHERE idem_key = ?", key);
    }

    /** The first column of every row of {@code sql} (a query without parameters), as text. */
    public List<String> column(String sql) {
        List<String> values = new ArrayList<>();
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not query " + url + ": " + e.getMessage(), e);
        }
        return values;
    }

    /** The database's clock now, as {@code idem_record.created_at} is set from it. */
    public Timestamp now() {
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement("SELECT clock_timestamp()");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getTimestamp(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not query " + url + ": " + e.getMessage(), e);
        }
    }

    /** Rows in {@code idem_record}, any key and scope, claimed or taken over at or after {@code since}. */
    public long countRecordsCreatedSince(Timestamp since) {
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM idem_record WHERE created_at >= ?")) {
            statement.setTimestamp(1, since);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not query " + url + ": " + e.getMessage(), e);
        }
    }

    /** The {@code headers} column of every record with this key, in any scope (null while in flight). */
    public List<String> recordHeaders(String key) {
        List<String> found = new ArrayList<>();
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT headers FROM idem_record WHERE idem_key = ?")) {
            statement.setString(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not query " + url + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** One {@code idem_record} row as PostgreSQL holds it, unread by Idem: raw column values. */
    public record RawRecord(String scope, String fingerprint, String state, Integer status, String headers, byte[] body) {
    }

    /** The raw rows of {@code idem_record} for this key, in any scope. */
    public List<RawRecord> rawRecords(String key) {
        List<RawRecord> found = new ArrayList<>();
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT scope, fingerprint, state, status, headers, body FROM idem_record WHERE idem_key = ?")) {
            statement.setString(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    int status = rows.getInt(4);
                    found.add(new RawRecord(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.wasNull() ? null : status, rows.getString(5), rows.getBytes(6)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not query " + url + ": " + e.getMessage(), e);
        }
        return found;
    }

    /**
     * Alters {@code idem_record} behind Idem's back, as someone with write access to the database
     * could: runs {@code sql} (an UPDATE) with these parameters; returns the rows changed.
     */
    public int tamper(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not update " + url + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the endpoint has run at least {@code runs} times for ref; fails after {@code timeout}. */
    public void awaitExecutions(String endpoint, String ref, long runs, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen;
        while ((seen = countExecutions(endpoint, ref)) < runs) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Endpoint " + endpoint + " ran " + seen + " time(s) for " + ref
                        + " after " + timeout + ", expected " + runs);
            }
            sleep(20);
        }
    }

    private long count(String sql, String... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not query " + url + ": " + e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException {
        // The driver directly, not DriverManager: test runtimes load this class in their own class loaders.
        Connection connection = new org.postgresql.Driver().connect(url, credentials);
        if (connection == null) {
            throw new SQLException("Not a PostgreSQL JDBC URL: " + url);
        }
        return connection;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
