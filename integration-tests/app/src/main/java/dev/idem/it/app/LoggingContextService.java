package dev.idem.it.app;

import dev.idem.IdempotencyKey;
import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;

/** An {@code @Idempotent} CDI method that reports the logging context it ran in. */
@ApplicationScoped
public class LoggingContextService {

    @Idempotent
    public String report(@IdempotencyKey String key) {
        LoggingContextResource.LOG.info("charging inside an idempotent CDI method");
        return LoggingContextResource.report();
    }
}
