package dev.idem.it.liberty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Liberty reports an application as started even when its JAX-RS servlet failed to initialise
 * (every request then answers 404), so the suite alone would only show 404s. This test reads the
 * server's {@code messages.log} up to "server is ready" and names the errors, with the lines that
 * follow them (the stack trace), so that a failure of Idem on Liberty is diagnosed at once.
 */
class LibertyStartupIT {

    /** Path of the server's messages.log, set by the build. */
    static final String MESSAGES_LOG_PROPERTY = "it.liberty.messages-log";

    /** {@code [timestamp] threadId logger severity message}; errors are E, fatal errors F. */
    private static final Pattern ERROR = Pattern.compile("^\\[[^\\]]+\\] [0-9a-f]+ \\S+\\s+[EF] .*");
    private static final Pattern ENTRY = Pattern.compile("^\\[[^\\]]+\\] [0-9a-f]+ .*");
    private static final String SERVER_READY = "CWWKF0011I";
    private static final int TRACE_LINES = 12;

    @Test
    void applicationStartsWithoutErrors() throws IOException {
        List<String> lines = Files.readAllLines(messagesLog(), StandardCharsets.UTF_8);
        List<String> errors = new ArrayList<>();
        boolean ready = false;
        for (int i = 0; i < lines.size() && !ready; i++) {
            String line = lines.get(i);
            ready = line.contains(SERVER_READY);
            if (ERROR.matcher(line).matches()) {
                errors.add(withTrace(lines, i));
            }
        }

        assertThat(ready).as("%s in %s", SERVER_READY, messagesLog()).isTrue();
        assertThat(errors).as("errors logged while the server started (%s)", messagesLog()).isEmpty();
    }

    private static String withTrace(List<String> lines, int errorLine) {
        StringBuilder entry = new StringBuilder(lines.get(errorLine));
        for (int i = errorLine + 1; i < lines.size() && i <= errorLine + TRACE_LINES; i++) {
            if (ENTRY.matcher(lines.get(i)).matches()) {
                break;
            }
            entry.append('\n').append(lines.get(i));
        }
        return entry.toString();
    }

    private static Path messagesLog() {
        String path = System.getProperty(MESSAGES_LOG_PROPERTY);
        assertThat(path).as("system property " + MESSAGES_LOG_PROPERTY).isNotBlank();
        return Path.of(path);
    }
}
