package dev.idem.internal.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL database for the store tests: an embedded server on a port it picks itself (never a
 * fixed one: a taken port would silently connect the tests to someone else's server), or the
 * database named by {@code IDEM_TEST_JDBC_URL}, {@code IDEM_TEST_JDBC_USER} and
 * {@code IDEM_TEST_JDBC_PASSWORD}. An external database must be PostgreSQL 13 or later and its user
 * must be allowed to create databases and roles (the mapping and schema tests do).
 *
 * <p>{@link #shared()} is started once per test JVM and stopped when it exits; tests isolate
 * themselves by table name. The embedded server runs in a zone with a half-hour offset so that a
 * timestamp that goes through a zone conversion shows up as a failing test.
 */
public final class TestDatabase implements AutoCloseable {
    private static TestDatabase shared;

    private final EmbeddedPostgres server;
    private final String url;
    private final String user;
    private final String password;

    private TestDatabase(EmbeddedPostgres server, String url, String user, String password) {
        this.server = server;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The database the tests share; embedded unless {@code IDEM_TEST_JDBC_URL} is set. */
    public static synchronized TestDatabase shared() {
        if (shared == null) {
            String url = System.getenv("IDEM_TEST_JDBC_URL");
            shared = url == null || url.isBlank()
                    ? startEmbedded()
                    : new TestDatabase(null, url, System.getenv("IDEM_TEST_JDBC_USER"), System.getenv("IDEM_TEST_JDBC_PASSWORD"));
            TestDatabase database = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(database::close));
        }
        return shared;
    }

    /** A new embedded server of its own, which the caller closes. */
    public static TestDatabase startEmbedded() {
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setServerConfig("timezone", "Asia/Kolkata")
                    // PostgreSQL's default, which the embedded server turns off: CommitModeContract checks it per transaction
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            // Credentials go separately, not in the URL, where they would override a test's own user.
            return new TestDatabase(server, "jdbc:postgresql://localhost:" + server.getPort() + "/postgres",
                    "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start an embedded PostgreSQL", e);
        }
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The JDBC URL of another database on the same server. */
    public String url(String database) {
        int slash = url.lastIndexOf('/');
        int query = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    }

    /** Connection properties for {@code Persistence.createEntityManagerFactory}. */
    public Map<String, Object> jpaProperties() {
        return jpaProperties(url);
    }

    /** Connection properties for another database on the same server. */
    public Map<String, Object> jpaProperties(String jdbcUrl) {
        return jpaProperties(jdbcUrl, user, password);
    }

    /** Connection properties for another database or user. */
    public static Map<String, Object> jpaProperties(String jdbcUrl, String user, String password) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("jakarta.persistence.jdbc.url", jdbcUrl);
        properties.put("jakarta.persistence.jdbc.user", user == null ? "" : user);
        properties.put("jakarta.persistence.jdbc.password", password == null ? "" : password);
        return properties;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Runs SQL directly through JDBC, outside any JPA provider. */
    public void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run: " + sql, e);
        }
    }

    /** The first column of the first row of {@code sql}, read through JDBC. */
    public long queryForLong(String sql) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new IllegalStateException("No row from: " + sql);
            }
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run: " + sql, e);
        }
    }

    /** The first column of every row of {@code sql}, as strings, read through JDBC. */
    public List<String> queryForStrings(String sql) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run: " + sql, e);
        }
    }

    /** Stops the embedded server; an external database is left alone. */
    @Override
    public void close() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
