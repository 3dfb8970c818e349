package dev.idem.internal.store;

import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Function;

/**
 * Units of work on a connection of the persistence unit's pool, outside any transaction of the
 * caller, in autocommit: each statement, a JDBC batch of runs included, commits on its own when
 * PostgreSQL answers it, so that it costs one round trip instead of one for the statement and
 * one for a {@code COMMIT}. A connection that the pool hands out with autocommit off is committed
 * once at the end of the unit instead.
 *
 * <p>Only for work whose statements each stand alone: separate mode's claims, completions and
 * the rest, whose transactions are the store's own ({@link JpaIdempotencyStore}).
 *
 * <p>Thread-safe.
 */
final class Autocommit {

    /** Where the connections come from: the persistence unit's pool, as its provider obtains them. */
    interface Connections {
        Connection open() throws SQLException;

        void close(Connection connection) throws SQLException;
    }

    private final Connections connections;

    Autocommit(Connections connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    /**
     * Runs {@code work} on a connection of its own and returns its result. Must be called
     * outside the caller's transaction (see {@link TransactionRunner#outsideTransaction}): a pool
     * would otherwise enlist the connection in it.
     */
    <T> T run(Function<Statements, T> work) {
        Connection connection = open();
        boolean commitAtEnd = false;
        try {
            commitAtEnd = !connection.getAutoCommit();
            T result = work.apply(new JdbcStatements.OnConnection(connection));
            if (commitAtEnd) {
                connection.commit();
            }
            close(connection, null);
            return result;
        } catch (SQLException e) {
            PersistenceException failure = new PersistenceException(e.getMessage(), e);
            abandon(connection, commitAtEnd, failure);
            throw failure;
        } catch (RuntimeException | Error e) {
            abandon(connection, commitAtEnd, e);
            throw e;
        }
    }

    /** After {@code failure}: rolls back what a connection with autocommit off did, and returns the connection. */
    private void abandon(Connection connection, boolean rollback, Throwable failure) {
        if (rollback) {
            rollbackQuietly(connection, failure);
        }
        close(connection, failure);
    }

    private Connection open() {
        try {
            return connections.open();
        } catch (SQLException e) {
            throw new PersistenceException("Could not obtain a connection: " + e.getMessage(), e);
        }
    }

    /** Returns the connection; a failure to do so after the work committed does not undo the work, so it is not the caller's. */
    private void close(Connection connection, Throwable failure) {
        try {
            connections.close(connection);
        } catch (SQLException | RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
