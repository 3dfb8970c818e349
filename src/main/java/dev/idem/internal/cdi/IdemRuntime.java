package dev.idem.internal.cdi;

import dev.idem.internal.config.ConfigurationException;
import dev.idem.internal.config.ReplayCacheSettings;
import dev.idem.internal.config.SettingsResolver;
import dev.idem.internal.crypto.EncryptingStore;
import dev.idem.internal.crypto.EncryptionKey;
import dev.idem.internal.engine.IdempotencyEngine;
import dev.idem.internal.engine.ReplayCache;
import dev.idem.internal.engine.TransactionMode;
import dev.idem.internal.store.JoinedTransactionRunner;
import dev.idem.internal.telemetry.Telemetry;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.IdempotencyStore;
import dev.idem.spi.RecordId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.UserTransaction;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.time.Clock;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    private final Map<Operation, Boolean> jaxRsOperations = new ConcurrentHashMap<>();
    /** The application's store as it is, for administration; {@link #readable} decrypts what it reads. */
    private IdempotencyStore store;
    private EncryptingStore encryption;
    private Telemetry telemetry;

    protected IdemRuntime() {
        // for the CDI proxy
    }

    @Inject
    public IdemRuntime(Instance<IdempotencyStore> stores, DefaultIdempotencyStore defaultStore, LeaseTracker tracker,
                       Instance<UserTransaction> userTransaction, JoinedTransactionRunner joinedTransactions,
                       Instance<TransactionSynchronizationRegistry> synchronizationRegistry, Instance<Object> beans) {
        Clock clock = Clock.systemUTC();
        SettingsResolver resolver = MicroProfileSettings.resolver();
        List<EncryptionKey> keys = resolver.resolveEncryptionKeys();
        ReplayCacheSettings bounds = resolver.resolveReplayCache();
        // One cache for both engines: they read and write the same table.
        ReplayCache cache = new ReplayCache(bounds.maxEntries(), bounds.maxBytes());
        this.telemetry = Telemetry.detect(beans);
        this.store = stores.get();
        this.encryption = keys.isEmpty() ? null : new EncryptingStore(store, keys);
        this.engine = new IdempotencyEngine(encrypted(telemetry.timed(store), keys), clock, cache, telemetry);
        boolean defaultStoreInUse = stores.getHandle().getBean().getBeanClass() == DefaultIdempotencyStore.class;
        this.joinedEngine = defaultStoreInUse
                ? new IdempotencyEngine(encrypted(telemetry.timed(defaultStore.joined()), keys), clock, cache, telemetry)
                : null;
        this.tracker = tracker;
        this.userTransaction = userTransaction;
        this.joinedTransactions = joinedTransactions;
        this.synchronizationRegistry = synchronizationRegistry;
    }

    private static IdempotencyStore encrypted(IdempotencyStore store, List<EncryptionKey> keys) {
        return keys.isEmpty() ? store : new EncryptingStore(store, keys);
    }

    /**
     * The engine of separate mode. Its {@link IdempotencyEngine#forget forget} drops a record from
     * the replay cache that both engines share.
     */
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

    /** The application's store, undecorated: what administration reads and deletes through. */
    public IdempotencyStore store() {
        return store;
    }

    /**
     * A record read from {@link #store()} with its response decrypted when encryption at rest is on.
     *
     * @throws dev.idem.spi.RecordUnreadableException when an encrypted response does not verify
     */
    public IdempotencyRecord readable(IdempotencyRecord stored) {
        return encryption == null ? stored : encryption.opened(stored);
    }

    /**
     * Called after administration deleted a record, so that no copy of it kept in this process
     * outlives it: drops it from the replay cache that both engines share.
     */
    public void forget(RecordId id) {
        engine.forget(id);
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

    /**
     * Whether {@code method}, invoked on an instance of {@code targetClass}, is a JAX-RS resource
     * method (which Idem's filters protect): decided by reflection once per method and class.
     */
    boolean isJaxRsOperation(Class<?> targetClass, Method method) {
        return jaxRsOperations.computeIfAbsent(new Operation(targetClass, method), operation ->
                JaxRsMethods.isResource(operation.method())
                        || JaxRsMethods.isResourceClass(CdiOperations.beanClass(operation.targetClass())));
    }

    private record Operation(Class<?> targetClass, Method method) {
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
