package dev.idem.internal.cdi;

import dev.idem.Idempotent;
import dev.idem.internal.config.SettingsResolver;
import dev.idem.internal.config.StoreSettings;
import dev.idem.internal.engine.Purger;
import dev.idem.spi.IdempotencyStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * At application start: validates every {@code idem.*} setting (a bad one fails deployment),
 * creates the table when {@code idem.schema.create} is on and the default store is in use, and
 * schedules the background purge of expired records.
 */
@ApplicationScoped
public class IdemStartup {
    private static final Logger LOG = Logger.getLogger("dev.idem");

    private IdemRuntime runtime;
    private Instance<IdempotencyStore> stores;
    private DefaultIdempotencyStore defaultStore;
    private BeanManager beanManager;
    private ScheduledExecutorService purgeScheduler;

    protected IdemStartup() {
        // for the CDI proxy
    }

    @Inject
    public IdemStartup(IdemRuntime runtime, Instance<IdempotencyStore> stores, DefaultIdempotencyStore defaultStore,
                       BeanManager beanManager) {
        this.runtime = runtime;
        this.beanManager = beanManager;
        this.stores = stores;
        this.defaultStore = defaultStore;
    }

    void onStart(@Observes Startup event) {
        Config config = ConfigProvider.getConfig();
        SettingsResolver resolver = MicroProfileSettings.resolver(config);
        resolver.validate(config.getPropertyNames());
        StoreSettings settings = resolver.resolveStore();
        validateCdiMethods();
        boolean defaultStoreInUse = stores.getHandle().getBean().getBeanClass() == DefaultIdempotencyStore.class;
        if (settings.schemaCreate() && defaultStoreInUse) {
            defaultStore.createSchema();
        }
        startPurge(runtime.telemetry().timed(stores.get()), settings);
        LOG.fine(() -> "Idem started: table " + settings.table() + ", purge every " + settings.cleanupInterval());
    }

    /** Every @Idempotent CDI bean method is described now, so a bad one fails start-up, not its first call. */
    private void validateCdiMethods() {
        for (Bean<?> bean : beanManager.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> beanClass = bean.getBeanClass();
            if (beanClass.getName().startsWith("dev.idem.internal.") || JaxRsMethods.isResourceClass(beanClass)) {
                continue;
            }
            boolean classLevel = beanClass.isAnnotationPresent(Idempotent.class);
            for (Method method : beanClass.getMethods()) {
                if (method.getDeclaringClass() == Object.class || method.isBridge() || Modifier.isStatic(method.getModifiers())) {
                    continue;
                }
                if (classLevel || method.isAnnotationPresent(Idempotent.class)) {
                    runtime.cdiOperations().validate(beanClass, method);
                }
            }
        }
    }

    private void startPurge(IdempotencyStore store, StoreSettings settings) {
        Purger purger = new Purger(store, Clock.systemUTC(), settings.cleanupBatchSize());
        purgeScheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "idem-purge");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.cleanupInterval().toMillis();
        purgeScheduler.scheduleWithFixedDelay(purger::purgeOnce, interval, interval, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (purgeScheduler != null) {
            purgeScheduler.shutdownNow();
        }
    }
}
