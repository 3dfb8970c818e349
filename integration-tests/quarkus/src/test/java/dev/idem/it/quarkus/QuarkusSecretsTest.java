package dev.idem.it.quarkus;

import dev.idem.it.suite.SecretsContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The suite's log checks read the application's log in this JVM: a handler on the root logger
 * that keeps every record (Idem's own at every level, FINE included, while the tap is open),
 * formatted, with its exception's messages, causes and stack trace.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class QuarkusSecretsTest extends SecretsContract {

    @Override
    protected LogTap openLog() {
        return new InJvmLogTap();
    }

    private static final class InJvmLogTap extends Handler implements LogTap {

        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final SimpleFormatter formatter = new SimpleFormatter();
        private final Logger idem = Logger.getLogger("dev.idem");
        private final Level idemLevel = idem.getLevel();

        InJvmLogTap() {
            setLevel(Level.ALL);
            idem.setLevel(Level.ALL);
            Logger.getLogger("").addHandler(this);
        }

        @Override
        public String text() {
            return String.join("\n", lines);
        }

        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder()
                    .append(record.getLevel()).append(' ').append(record.getLoggerName()).append(": ")
                    .append(formatter.formatMessage(record));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace);
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            Logger.getLogger("").removeHandler(this);
            idem.setLevel(idemLevel);
        }
    }
}
