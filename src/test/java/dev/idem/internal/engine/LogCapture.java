package dev.idem.internal.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Captures what Idem logs during a test (and keeps it off the console). Register with {@code @RegisterExtension}. */
final class LogCapture implements BeforeEachCallback, AfterEachCallback {
    private final Logger logger = Logger.getLogger("dev.idem");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private boolean useParentHandlers;
    private Level level;

    @Override
    public void beforeEach(ExtensionContext context) {
        useParentHandlers = logger.getUseParentHandlers();
        level = logger.getLevel();
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(useParentHandlers);
        logger.setLevel(level);
    }

    /** The formatted messages logged at WARNING or above. */
    List<String> warnings() {
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogRecord::getMessage)
                .toList();
    }

    /** Every formatted message, at any level. */
    List<String> messages() {
        return records.stream().map(LogRecord::getMessage).toList();
    }
}
