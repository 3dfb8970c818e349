package dev.idem.internal.store;

import dev.idem.internal.telemetry.Presence;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.List;

/**
 * The store's statements in one unit of work, bound to where they run. Statements are written
 * with JPA positional parameters ({@code ?1}, {@code ?2}, ... in that order; see
 * {@link RecordSql}) and return their rows as arrays of columns, whatever runs them.
 *
 * <p>Three places: on Hibernate ORM, directly on the JDBC connection of the session's
 * transaction ({@link HibernateStatements}); on any other provider, as JPA native queries in the
 * entity manager's transaction ({@link NativeQueries}); and on a connection of the persistence
 * unit's pool outside any transaction ({@link JdbcStatements.OnConnection}, see
 * {@link Autocommit}). The JDBC ones spare building a query object, its parameter metadata and a
 * result mapping for every statement, which cost Hibernate more than the JDBC work itself, and
 * send a run of the same statement as one JDBC batch, one round trip, and two statements one
 * after the other as one.
 */
abstract class Statements {
    /** Whether Hibernate ORM's API is on the class path; asked once, not per unit of work. */
    private static final boolean HIBERNATE = Presence.of("org.hibernate.Session");

    /** The rows a statement returns, each as its columns in order. */
    abstract List<Object[]> rows(String sql, Object... values);

    /** The number of rows a statement that returns none changed. */
    abstract int update(String sql, Object... values);

    /**
     * The number of rows an {@code INSERT} or {@code UPDATE} changed, given as {@code sql} and as
     * {@code returning}, the same statement returning a row per row changed: on JDBC the update
     * count of {@code sql}; through a native query the rows of {@code returning}, read as a result
     * list, which spares the provider's bulk-update bookkeeping (a cache invalidation per
     * statement) that costs more than the statement itself.
     */
    abstract int changed(String sql, String returning, Object... values);

    /**
     * Runs a statement that returns no rows once for each entry of {@code runs}, in that order,
     * and returns the number of rows each run changed. One round trip when {@link #pipelines()}.
     */
    abstract int[] updateEach(String sql, List<Object[]> runs);

    /**
     * Runs {@code first}, then {@code second}, both statements that return rows, and returns the
     * rows of {@code second}. In a read-committed transaction {@code second} reads a snapshot
     * taken once {@code first} has finished (a lock it waited for, say). One round trip when
     * {@link #pipelines()}.
     */
    abstract List<Object[]> rowsAfter(String first, Object[] firstValues, String second, Object[] secondValues);

    /**
     * Whether {@link #updateEach} sends all its runs in one round trip, each run as the same
     * prepared statement; otherwise it costs a round trip per run.
     */
    abstract boolean pipelines();

    /** The statements of {@code em}'s transaction: JDBC on Hibernate ORM, native queries elsewhere. */
    static Statements of(EntityManager em) {
        // HibernateStatements refers to Hibernate's API: it is not even loaded unless that API is there.
        return HIBERNATE && HibernateStatements.supports(em)
                ? HibernateStatements.of(em)
                : new NativeQueries(em);
    }

    /** Statements as JPA native queries: any provider. */
    static final class NativeQueries extends Statements {
        private final EntityManager em;

        NativeQueries(EntityManager em) {
            this.em = em;
        }

        @Override
        List<Object[]> rows(String sql, Object... values) {
            List<?> results = bind(em.createNativeQuery(sql), values).getResultList();
            List<Object[]> rows = new ArrayList<>(results.size());
            for (Object result : results) {
                // A statement returning one column gives its values, not arrays of one.
                rows.add(result instanceof Object[] columns ? columns : new Object[] {result});
            }
            return rows;
        }

        @Override
        int update(String sql, Object... values) {
            return bind(em.createNativeQuery(sql), values).executeUpdate();
        }

        @Override
        int changed(String sql, String returning, Object... values) {
            return rows(returning, values).size();
        }

        @Override
        List<Object[]> rowsAfter(String first, Object[] firstValues, String second, Object[] secondValues) {
            rows(first, firstValues);
            return rows(second, secondValues);
        }

        @Override
        int[] updateEach(String sql, List<Object[]> runs) {
            int[] counts = new int[runs.size()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = update(sql, runs.get(i));
            }
            return counts;
        }

        @Override
        boolean pipelines() {
            return false;
        }

        private static Query bind(Query query, Object... values) {
            // Idem's statements touch its own table only: the caller's pending entity changes need no flush first.
            query.setFlushMode(FlushModeType.COMMIT);
            for (int i = 0; i < values.length; i++) {
                query.setParameter(i + 1, values[i]);
            }
            return query;
        }
    }
}
