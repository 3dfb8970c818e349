package dev.idem.internal.store;

import org.junit.jupiter.api.Nested;

/** Every store test on EclipseLink in Java SE. */
class EclipseLinkStoreTest {
    private static final JpaProvider PROVIDER = JpaProvider.ECLIPSELINK;

    @Nested
    class Operations extends StoreOperationsContract {
        Operations() {
            super(PROVIDER);
        }
    }

    @Nested
    class CommitMode extends CommitModeContract {
        CommitMode() {
            super(PROVIDER);
        }
    }

    @Nested
    class Concurrency extends StoreConcurrencyContract {
        Concurrency() {
            super(PROVIDER);
        }
    }

    @Nested
    class Schema extends SchemaContract {
        Schema() {
            super(PROVIDER);
        }
    }

    @Nested
    class EntityMapping extends EntityMappingContract {
        EntityMapping() {
            super(PROVIDER);
        }
    }

    @Nested
    class Unavailable extends StoreUnavailableContract {
        Unavailable() {
            super(PROVIDER);
        }
    }

    @Nested
    class Transactions extends TransactionRunnerContract {
        Transactions() {
            super(PROVIDER);
        }
    }

    @Nested
    class Joined extends JoinedStoreContract {
        Joined() {
            super(PROVIDER);
        }
    }
}
