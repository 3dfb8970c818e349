package dev.idem.internal.store;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.EnumMap;
import java.util.Map;

/**
 * The JPA providers every store test runs on, each a persistence unit of the test
 * {@code META-INF/persistence.xml}. Store tests are parameterized by this enum, so a provider
 * difference shows up as a failing test.
 */
public enum JpaProvider {
    HIBERNATE("idem-hibernate"),
    ECLIPSELINK("idem-eclipselink");

    private static final Map<JpaProvider, EntityManagerFactory> SHARED = new EnumMap<>(JpaProvider.class);

    private final String persistenceUnit;

    JpaProvider(String persistenceUnit) {
        this.persistenceUnit = persistenceUnit;
    }

    /** This provider's factory on the {@linkplain TestDatabase#shared() shared database}, created once per JVM. */
    public synchronized EntityManagerFactory sharedFactory() {
        return SHARED.computeIfAbsent(this, provider -> {
            EntityManagerFactory factory = provider.createFactory(TestDatabase.shared().jpaProperties());
            Runtime.getRuntime().addShutdownHook(new Thread(factory::close));
            return factory;
        });
    }

    /** A transaction runner on the shared database. */
    public TransactionRunner sharedTransactions() {
        return new ResourceLocalTransactionRunner(sharedFactory());
    }

    /** A new factory, which the caller closes, with {@code properties} overriding the persistence unit's. */
    public EntityManagerFactory createFactory(Map<String, Object> properties) {
        return Persistence.createEntityManagerFactory(persistenceUnit, properties);
    }
}
