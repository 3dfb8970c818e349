package dev.idem.internal.cdi;

import dev.idem.internal.config.ConfigurationException;
import dev.idem.internal.crypto.EncryptingStore;
import dev.idem.internal.crypto.EncryptionKey;
import dev.idem.internal.engine.IdempotencyEngine;
import dev.idem.internal.engine.TransactionMode;
import dev.idem.internal.store.JoinedTransactionRunner;
import dev.idem.internal.telemetry.Telemetry;
import dev.idem.spi.IdempotencyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.UserTransaction;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.time.Clock;
import java.util.List;

/**
 * The application's engines over its one store (one for each transaction mode), and the
 * request-scoped lease tracker. The JAX-RS providers are created by the JAX-RS runtime, not by
 * CDI, so they look this bean up; the CDI interceptor injects it. Both entry points share it.
 */
@ApplicationScoped
public class IdemRuntime {
    private IdempotencyEngine engine;
    private IdempotencyEngine joinedEngine;
    private LeaseTracker tracker;
    private Instance<UserTransaction> userTransaction;
    /** Created on first use: it needs JSON-B, which only applications with @Idempotent CDI methods must have. */
    private volatile CdiOperations cdiOperations;
    private JoinedTransactionRunner joinedTransactions;
    private Instance<TransactionSynchronizationRegistry> synchronizationRegistry;
    private Telemetry telemetry;

    protected IdemRuntime() {
        // for the CDI proxy
    }

    @Inject
    public IdemRuntime(Instance<IdempotencyStore> stores, DefaultIdempotencyStore defaultStore, LeaseTracker tracker,
                       Instance<UserTransaction> userTransaction, JoinedTransactionRunner joinedTransactions,
                       Instance<TransactionSynchronizationRegistry> synchronizationRegistry, Instance<Object> beans) {
        Clock clock = Clock.systemUTC();
        List<EncryptionKey> keys = MicroProfileSettings.resolver().resolveEncryptionKeys();
        this.telemetry = Telemetry.detect(beans);
        this.engine = new IdempotencyEngine(encrypted(telemetry.timed(stores.get()), keys), clock, telemetry);
        boolean defaultStoreInUse = stores.getHandle().getBean().getBeanClass() == DefaultIdempotencyStore.class;
        this.joinedEngine = defaultStoreInUse
                ? new IdempotencyEngine(encrypted(telemetry.timed(defaultStore.joined()), keys), clock, telemetry)
                : null;
        this.tracker = tracker;
        this.userTransaction = userTransaction;
        this.joinedTransactions = joinedTransactions;
        this.synchronizationRegistry = synchronizationRegistry;
    }

    private static IdempotencyStore encrypted(IdempotencyStore store, List<EncryptionKey> keys) {
        return keys.isEmpty() ? store : new EncryptingStore(store, keys);
    }

    /** The engine of separate mode. */
    public IdempotencyEngine engine() {
        return engine;
    }

    /** The engine of the given mode; same-transaction mode needs Idem's own JPA store. */
    public IdempotencyEngine engine(TransactionMode mode) {
        if (mode == TransactionMode.SEPARATE) {
            return engine;
        }
        if (joinedEngine == null) {
            throw new ConfigurationException("idem.transaction=same needs Idem's JPA store; the application "
                    + "replaced it with its own IdempotencyStore, which cannot join the caller's transaction");
        }
        return joinedEngine;
    }

    /** Metrics and logging context (no-ops when the application has neither). */
    public Telemetry telemetry() {
        return telemetry;
    }

    public LeaseTracker tracker() {
        return tracker;
    }

    /** The JTA transaction that same-transaction mode opens for a JAX-RS request. */
    public UserTransaction userTransaction() {
        return userTransaction.get();
    }

    /** Same-transaction mode of a CDI method: the caller must have a JTA transaction open. */
    void requireTransaction(String target) {
        try {
            joinedTransactions.inTransaction(entityManager -> null);
        } catch (RuntimeException e) {
            throw new IllegalStateException(target + " is @Idempotent(transaction = \"same\") and must be called "
                    + "inside a JTA transaction (for example from a @Transactional method)", e);
        }
    }

    /** Same-transaction mode of a CDI method that threw: the caller's transaction must not commit. */
    void rollbackCallerTransaction() {
        TransactionSynchronizationRegistry registry = synchronizationRegistry();
        if (registry != null) {
            registry.setRollbackOnly();
        } else {
            JoinedTransactionRunner.markRollbackOnly(joinedTransactions);
        }
    }

    /** The JTA registry, from CDI (Quarkus) or the standard JNDI name (Jakarta EE servers), if any. */
    private TransactionSynchronizationRegistry synchronizationRegistry() {
        if (synchronizationRegistry.isResolvable()) {
            return synchronizationRegistry.get();
        }
        try {
            return (TransactionSynchronizationRegistry) new InitialContext()
                    .lookup("java:comp/TransactionSynchronizationRegistry");
        } catch (NamingException | RuntimeException e) {
            return null;
        }
    }

    CdiOperations cdiOperations() {
        CdiOperations current = cdiOperations;
        if (current == null) {
            synchronized (this) {
                current = cdiOperations;
                if (current == null) {
                    current = new CdiOperations(this);
                    cdiOperations = current;
                }
            }
        }
        return current;
    }

    /** Looks the bean up; callers keep the result per deployment, never in a static field. */
    public static IdemRuntime lookup() {
        return CDI.current().select(IdemRuntime.class).get();
    }
}
