package dev.idem.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Units of work on a connection of their own, against real PostgreSQL. */
class AutocommitTest {
    private static final String TABLE = "autocommit_test";
    private static final String INSERT = "INSERT INTO " + TABLE + " (n) VALUES (?1)";

    private final List<Connection> opened = new ArrayList<>();
    private final List<Connection> returned = new ArrayList<>();

    @BeforeEach
    void emptyTable() {
        TestDatabase.shared().execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (n int PRIMARY KEY)");
        TestDatabase.shared().execute("TRUNCATE " + TABLE);
    }

    private Autocommit pool(boolean autoCommit) {
        return new Autocommit(new Autocommit.Connections() {
            @Override
            public Connection open() throws SQLException {
                Connection connection = TestDatabase.shared().connect();
                connection.setAutoCommit(autoCommit);
                opened.add(connection);
                return connection;
            }

            @Override
            public void close(Connection connection) throws SQLException {
                returned.add(connection);
                connection.close();
            }
        });
    }

    private static long rows() {
        return TestDatabase.shared().queryForLong("SELECT count(*) FROM " + TABLE);
    }

    @Test
    void inAutocommit_eachStatementCommitsAsItIsAnswered_andIsNotUndoneByALaterFailure() {
        IllegalStateException failure = new IllegalStateException("boom");

        assertThatThrownBy(() -> pool(true).run(run -> {
            assertThat(run.update(INSERT, 1)).isEqualTo(1);
            assertThat(rows()).as("seen from another connection before the unit ends").isEqualTo(1);
            throw failure;
        })).isSameAs(failure);

        assertThat(rows()).isEqualTo(1);
        assertThat(returned).isEqualTo(opened).hasSize(1);
    }

    @Test
    void inAutocommit_aBatchOfRunsIsAnsweredRunByRun() {
        int[] counts = pool(true).run(run -> run.updateEach(INSERT + " ON CONFLICT DO NOTHING",
                List.of(new Object[] {1}, new Object[] {2}, new Object[] {1})));

        assertThat(counts).containsExactly(1, 1, 0);
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void aConnectionWithAutocommitOff_isCommittedOnceAtTheEndOfTheUnit() {
        long result = pool(false).run(run -> {
            run.update(INSERT, 1);
            run.update(INSERT, 2);
            assertThat(rows()).as("seen from another connection before the unit ends").isZero();
            return 7L;
        });

        assertThat(result).isEqualTo(7L);
        assertThat(rows()).isEqualTo(2);
        assertThat(returned).isEqualTo(opened).hasSize(1);
    }

    @Test
    void aConnectionWithAutocommitOff_isRolledBackWhenTheUnitFails() {
        IllegalStateException failure = new IllegalStateException("boom");

        assertThatThrownBy(() -> pool(false).run(run -> {
            run.update(INSERT, 1);
            throw failure;
        })).isSameAs(failure);

        assertThat(rows()).isZero();
        assertThat(returned).isEqualTo(opened).hasSize(1);
    }

    @Test
    void aFailedStatement_surfacesAsAPersistenceExceptionWithTheDriversCause_andTheConnectionIsReturned() {
        pool(true).run(run -> run.update(INSERT, 1));

        assertThatThrownBy(() -> pool(true).run(run -> run.update(INSERT, 1)))
                .isInstanceOf(PersistenceException.class)
                .hasCauseInstanceOf(SQLException.class)
                .hasMessageContaining("duplicate key");

        assertThat(returned).isEqualTo(opened).hasSize(2);
    }

    @Test
    void aConnectionThatCannotBeHad_isAPersistenceException() {
        SQLException refused = new SQLException("pool exhausted");
        Autocommit none = new Autocommit(new Autocommit.Connections() {
            @Override
            public Connection open() throws SQLException {
                throw refused;
            }

            @Override
            public void close(Connection connection) {
                throw new AssertionError("nothing to return");
            }
        });

        assertThatThrownBy(() -> none.run(run -> run.update(INSERT, 1)))
                .isInstanceOf(PersistenceException.class)
                .hasCause(refused)
                .hasMessageContaining("pool exhausted");
    }

    @Test
    void theUnitsStatementsAreJdbcAndPipeline() {
        assertThat(pool(true).run(Statements::pipelines)).isTrue();
    }
}
