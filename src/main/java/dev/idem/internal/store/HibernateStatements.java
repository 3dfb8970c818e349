package dev.idem.internal.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.SQLException;
import org.hibernate.Session;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * {@link Statements} on Hibernate ORM: each statement runs on the JDBC connection of the
 * session's transaction ({@link Session#doReturningWork}). Nothing is flushed first, as with the
 * native queries' {@code FlushModeType.COMMIT}: Idem's statements touch only its own table.
 * Failures surface as Hibernate's exceptions, i.e. as {@link PersistenceException}s.
 *
 * <p>Only loaded when Hibernate ORM is on the class path (see {@link Statements#of}).
 */
final class HibernateStatements extends JdbcStatements {
    private final Session session;

    private HibernateStatements(Session session) {
        this.session = session;
    }

    /**
     * Whether {@code em} is a Hibernate session (Quarkus's injected entity manager is one too).
     * Asked of the type, not with {@code unwrap}, whose failure may mark a transaction for rollback.
     */
    static boolean supports(EntityManager em) {
        return em instanceof Session;
    }

    /** The statements of the session {@code em}, which {@link #supports} it. */
    static HibernateStatements of(EntityManager em) {
        return new HibernateStatements((Session) em);
    }

    @Override
    <T> T withConnection(Work<T> work) {
        return session.doReturningWork(work::on);
    }

    /**
     * The connections of the session's persistence unit, as Hibernate itself obtains them (on
     * Quarkus its datasource's pool); null when it has no single connection provider, with
     * multi-tenancy say.
     */
    static Autocommit.Connections connections(EntityManager em) {
        ConnectionProvider provider;
        try {
            provider = ((Session) em).getSessionFactory().unwrap(SessionFactoryImplementor.class)
                    .getServiceRegistry().getService(ConnectionProvider.class);
        } catch (RuntimeException e) {
            return null;
        }
        return provider == null ? null : new Autocommit.Connections() {
            @Override
            public Connection open() throws SQLException {
                return provider.getConnection();
            }

            @Override
            public void close(Connection connection) throws SQLException {
                provider.closeConnection(connection);
            }
        };
    }
}
