package dev.idem.it.liberty;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.idem.it.suite.ContractSupport;
import dev.idem.it.suite.PrometheusText;
import io.restassured.response.Response;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The idempotency store goes away while the Liberty server runs and requests flow: the build's
 * embedded PostgreSQL (started in Maven's JVM by {@link EmbeddedPostgresLauncher}, which
 * describes it in {@value EmbeddedPostgresLauncher#DESCRIPTOR_NAME}) is stopped with
 * {@code pg_ctl stop -m fast} and started again with {@code pg_ctl start} on the same port, with
 * the same data and options (read from the data directory's {@code postmaster.opts}). The server
 * is not restarted. {@code /memory/*} never touches the database itself, so what happens there is
 * Idem's doing alone. PostgreSQL is running again when this test ends, whatever happened.
 */
@Tag("reliability")
class StoreOutageIT extends ContractSupport {
    private static final String CLOSED = "dev.idem.it.app.MemoryResource/failClosed";
    private static final String OPEN = "dev.idem.it.app.MemoryResource/failOpen";

    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RECOVERY = Duration.ofSeconds(30);
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    /** A WARNING in messages.log: {@code [timestamp] threadId logger W message}. */
    private static final Pattern WARNING = Pattern.compile("^\\[[^\\]]+\\] [0-9a-f]+ \\S+\\s+W .*");

    @Test
    void storeStoppedAndStartedOnTheSamePort_failClosedRefusesFailOpenRunsThenIdempotentAgain() throws Exception {
        assumeFalse(Boolean.getBoolean("it.db.external"), "PostgreSQL is external to the build: not ours to stop");
        EmbeddedServer postgres = EmbeddedServer.fromBuild();

        String closedKey = newKey();
        String closedRef = newRef();
        String openKey = newKey();
        String openRef = newRef();
        Traffic traffic = new Traffic();

        // The store works before the outage
        String warmRef = newRef();
        String warmKey = newKey();
        Response warm = post(warmKey, "/memory/closed?ref=" + warmRef);
        assertFreshRun(warm, 200);
        assertReplayOf(post(warmKey, "/memory/closed?ref=" + warmRef), warm);

        Thread trafficThread = traffic.start();
        try {
            traffic.awaitAnswers(3);
            Throwable failure = null;
            try {
                PrometheusText before = PrometheusText.scrape();
                postgres.stop();
                traffic.awaitAnswersAfterStop(3);

                // Fail-closed: 503 problem+json with Retry-After, nothing runs; a retry alike
                for (int attempt = 1; attempt <= 2; attempt++) {
                    Response refused = post(closedKey, "/memory/closed?ref=" + closedRef);
                    assertProblem(refused, 503, STORE_UNAVAILABLE);
                    assertRetryAfterSeconds(refused.header("Retry-After"));
                }
                assertThat(runs(closedRef)).as("fail-closed runs while the store is down").isZero();

                // Fail-open: runs (each time: there is no idempotency) and a WARN names the key
                assertFreshRun(post(openKey, "/memory/open?ref=" + openRef), 200);
                assertFreshRun(post(openKey, "/memory/open?ref=" + openRef), 200);
                assertThat(runs(openRef)).as("fail-open runs while the store is down").isEqualTo(2);
                awaitWarningNaming(openKey);
                PrometheusText after = PrometheusText.scrape();
                assertThat(after.outcomes(OPEN, "fail_open") - before.outcomes(OPEN, "fail_open"))
                        .as("fail_open counted").isEqualTo(2);
                assertThat(after.outcomes(CLOSED, "store_failure") - before.outcomes(CLOSED, "store_failure"))
                        .as("store_failure counted (the test's two refusals, and the background traffic's)")
                        .isGreaterThanOrEqualTo(2);
            } catch (Throwable e) {
                failure = e;
                throw e;
            } finally {
                try {
                    postgres.start();
                } catch (Throwable e) {
                    if (failure == null) {
                        throw e;
                    }
                    failure.addSuppressed(e);
                }
            }

            // Recovery without a server restart: bounded, a stale pooled connection may cost a 503 or two
            String recoveredRef = newRef();
            String recoveredKey = null;
            Response recovered = null;
            int refusedAfterRestart = 0;
            long deadline = System.nanoTime() + RECOVERY.toNanos();
            while (recovered == null) {
                String candidate = newKey();
                Response response = post(candidate, "/memory/closed?ref=" + recoveredRef);
                if (response.statusCode() == 503) {
                    assertProblem(response, 503, STORE_UNAVAILABLE);
                    refusedAfterRestart++;
                    assertThat(System.nanoTime()).as("still 503 %s after PostgreSQL accepted connections again",
                            RECOVERY).isLessThan(deadline);
                    pause(Duration.ofMillis(200));
                } else {
                    recoveredKey = candidate;
                    recovered = response;
                }
            }
            System.out.printf("StoreOutageIT: %d request(s) refused after PostgreSQL was back%n", refusedAfterRestart);
            assertFreshRun(recovered, 200);
            assertReplayOf(post(recoveredKey, "/memory/closed?ref=" + recoveredRef), recovered);
            assertThat(runs(recoveredRef)).as("runs of the first request after recovery").isEqualTo(1);
            traffic.awaitAnswersAfterRecovery(3);
        } finally {
            traffic.stop(trafficThread);
        }

        // No key used during the outage is left claimed: each runs once now, then replays
        Response closedFirst = post(closedKey, "/memory/closed?ref=" + closedRef);
        assertFreshRun(closedFirst, 200);
        assertReplayOf(post(closedKey, "/memory/closed?ref=" + closedRef), closedFirst);
        assertThat(runs(closedRef)).as("fail-closed runs: none during the outage, one after").isEqualTo(1);

        Response openFirst = post(openKey, "/memory/open?ref=" + openRef);
        assertFreshRun(openFirst, 200);
        assertReplayOf(post(openKey, "/memory/open?ref=" + openRef), openFirst);
        assertThat(runs(openRef)).as("fail-open runs: two during the outage, one after").isEqualTo(3);

        assertThat(postgres.recordStates(closedKey)).as("idem_record states of " + closedKey).containsExactly("DONE");
        assertThat(postgres.recordStates(openKey)).as("idem_record states of " + openKey).containsExactly("DONE");

        // Requests kept flowing through stop and start: only 200 or the store-unavailable 503
        assertThat(traffic.unexpected).as("answers other than 200 or 503 store-unavailable").isEmpty();
        assertThat(traffic.refused.get()).as("traffic refused with 503 while the store was down").isPositive();
        assertThat(postgres.inFlightAmong(traffic.refusedKeys))
                .as("keys refused with 503 left claimed in idem_record").isEmpty();
        System.out.printf("StoreOutageIT: traffic %d answered 200, %d refused 503%n", traffic.ran.get(),
                traffic.refused.get());
    }

    private long runs(String ref) {
        return Long.parseLong(request().get("/memory/count?ref=" + ref).asString().trim());
    }

    /** Liberty writes messages.log asynchronously: a bounded wait for the WARN naming {@code key}. */
    private static void awaitWarningNaming(String key) throws IOException {
        Path log = Path.of(System.getProperty(LibertyStartupIT.MESSAGES_LOG_PROPERTY));
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            if (lines.stream().anyMatch(line -> WARNING.matcher(line).matches() && line.contains(key))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No WARN line naming " + key + " in " + log + " within " + PATIENCE);
            }
            pause(Duration.ofMillis(100));
        }
    }

    /**
     * Idempotent requests with fresh keys, one after another on a thread of their own, from before
     * PostgreSQL stops until after it is back. Each answer is counted by phase.
     */
    private final class Traffic implements Runnable {

        private final String ref = newRef();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger answers = new AtomicInteger();
        private final AtomicInteger ran = new AtomicInteger();
        private final AtomicInteger refused = new AtomicInteger();
        private final Set<String> refusedKeys = ConcurrentHashMap.newKeySet();
        private final List<String> unexpected = new CopyOnWriteArrayList<>();
        private volatile int answersAtStop = Integer.MAX_VALUE;
        private volatile int ranAtRecovery = Integer.MAX_VALUE;
        private volatile Throwable failure;

        Thread start() {
            Thread thread = new Thread(this, "idem-it-outage-traffic");
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        @Override
        public void run() {
            try {
                while (running.get()) {
                    String key = newKey();
                    Response response = post(key, "/memory/closed?ref=" + ref);
                    String body = response.asString();
                    if (response.statusCode() == 200) {
                        if (ranAtRecovery == Integer.MAX_VALUE && answersAtStop != Integer.MAX_VALUE
                                && refused.get() > 0) {
                            ranAtRecovery = ran.get();
                        }
                        ran.incrementAndGet();
                    } else if (response.statusCode() == 503 && body.contains(STORE_UNAVAILABLE)
                            && response.header("Retry-After") != null) {
                        refused.incrementAndGet();
                        refusedKeys.add(key);
                    } else {
                        unexpected.add(response.statusCode() + " " + body);
                    }
                    answers.incrementAndGet();
                    pause(Duration.ofMillis(20));
                }
            } catch (Throwable e) {
                failure = e;
            }
        }

        void awaitAnswers(int count) {
            await(() -> answers.get() >= count, "answers before the outage");
        }

        void awaitAnswersAfterStop(int count) {
            answersAtStop = answers.get();
            await(() -> answers.get() >= answersAtStop + count, "answers while PostgreSQL is down");
        }

        void awaitAnswersAfterRecovery(int count) {
            await(() -> ranAtRecovery != Integer.MAX_VALUE && ran.get() >= ranAtRecovery + count,
                    "runs after PostgreSQL is back");
        }

        private void await(BooleanSupplier condition, String what) {
            long deadline = System.nanoTime() + RECOVERY.toNanos();
            while (!condition.getAsBoolean()) {
                if (failure != null) {
                    throw new AssertionError("The traffic thread failed: " + failure, failure);
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Traffic: not enough " + what + " within " + RECOVERY + " (answers "
                            + answers.get() + ", 200: " + ran.get() + ", 503: " + refused.get() + ", other: "
                            + unexpected + ")");
                }
                pause(Duration.ofMillis(20));
            }
        }

        void stop(Thread thread) throws InterruptedException {
            running.set(false);
            thread.join(PATIENCE.toMillis());
            assertThat(thread.isAlive()).as("traffic thread still running " + PATIENCE + " after it was stopped")
                    .isFalse();
            if (failure != null) {
                throw new AssertionError("The traffic thread failed: " + failure, failure);
            }
        }
    }

    /** The build's embedded PostgreSQL, as {@link EmbeddedPostgresLauncher} describes it. */
    private static final class EmbeddedServer {

        private final int port;
        private final Path dataDirectory;
        private final List<String> commandPrefix;
        private final Path log;
        private final String jdbcUrl;
        private final Properties credentials = new Properties();
        /** The postgres binary and its arguments, from postmaster.opts while the server runs. */
        private final List<String> commandLine;
        private volatile boolean stopped;

        private EmbeddedServer(Properties descriptor) throws IOException {
            port = Integer.parseInt(descriptor.getProperty("port"));
            dataDirectory = Path.of(descriptor.getProperty("data-directory"));
            String prefix = descriptor.getProperty("command-prefix", "").trim();
            commandPrefix = prefix.isEmpty() ? List.of() : List.of(prefix.split("\\s+"));
            log = Path.of(descriptor.getProperty("log"));
            jdbcUrl = System.getProperty("idem.it.jdbc-url");
            credentials.setProperty("user", System.getProperty("idem.it.jdbc-user"));
            credentials.setProperty("password", System.getProperty("idem.it.jdbc-password"));
            assertThat(jdbcUrl).as("the suite's JDBC URL points at the described server")
                    .contains(":" + port + "/");
            commandLine = readPostmasterOpts();
            assertThat(commandLine).as("postmaster.opts of %s", dataDirectory).contains("-p", Integer.toString(port));
        }

        static EmbeddedServer fromBuild() throws IOException {
            Path descriptor = Path.of(System.getProperty("it.db.descriptor", "target/embedded-postgres.properties"));
            assertThat(descriptor).as("PostgreSQL descriptor written by EmbeddedPostgresLauncher").isRegularFile();
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(descriptor, StandardCharsets.UTF_8)) {
                properties.load(in);
            }
            return new EmbeddedServer(properties);
        }

        private List<String> readPostmasterOpts() throws IOException {
            String opts = Files.readString(dataDirectory.resolve("postmaster.opts"), StandardCharsets.UTF_8);
            // The binary's path as it is, then each argument in double quotes
            int firstQuote = opts.indexOf('"');
            if (firstQuote <= 0) {
                throw new IllegalStateException("Unexpected postmaster.opts in " + dataDirectory + ": " + opts);
            }
            List<String> tokens = new ArrayList<>();
            tokens.add(opts.substring(0, firstQuote).trim());
            Matcher quoted = QUOTED.matcher(opts.substring(firstQuote));
            while (quoted.find()) {
                tokens.add(quoted.group(1));
            }
            return tokens;
        }

        /** {@code pg_ctl stop -m fast}: open connections are cut, the data stays. */
        void stop() throws IOException, InterruptedException {
            stopped = true;
            pgCtl("-D", dataDirectory.toString(), "stop", "-m", "fast", "-w", "-t", seconds());
            assertThat(acceptsConnections()).as("PostgreSQL on port %d accepts connections after stop", port).isFalse();
        }

        /**
         * {@code pg_ctl start} with the original options (so the same port), then a bounded wait
         * until it accepts connections. Does nothing unless {@link #stop} ran.
         */
        void start() throws IOException, InterruptedException {
            if (!stopped) {
                return;
            }
            // Everything after the postgres binary and its -D <data directory>
            List<String> options = new ArrayList<>();
            for (int i = 1; i < commandLine.size(); i++) {
                if (commandLine.get(i).equals("-D")) {
                    i++;
                } else {
                    options.add(commandLine.get(i));
                }
            }
            for (String option : options) {
                if (!option.matches("[A-Za-z0-9_=.,:/-]+")) {
                    throw new IllegalStateException("Option not safe to hand to pg_ctl -o unquoted: " + option);
                }
            }
            pgCtl("-D", dataDirectory.toString(), "-o", String.join(" ", options), "-l", log.toString(),
                    "start", "-w", "-t", seconds());
            long deadline = System.nanoTime() + PG_CTL_TIMEOUT.toNanos();
            while (!acceptsConnections()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("PostgreSQL on port " + port + " not accepting connections "
                            + PG_CTL_TIMEOUT + " after pg_ctl start; see " + log);
                }
                pause(Duration.ofMillis(100));
            }
            stopped = false;
        }

        private void pgCtl(String... arguments) throws IOException, InterruptedException {
            Path bin = Path.of(commandLine.get(0)).getParent();
            List<String> command = new ArrayList<>(commandPrefix);
            command.add(bin.resolve("pg_ctl").toString());
            command.addAll(List.of(arguments));
            Path output = Files.createTempFile("idem-it-pg_ctl", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                if (!process.waitFor(PG_CTL_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("pg_ctl did not finish: " + command);
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("pg_ctl exited with " + process.exitValue() + ": " + command + "\n"
                            + Files.readString(output));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        }

        private String seconds() {
            return Long.toString(PG_CTL_TIMEOUT.toSeconds());
        }

        boolean acceptsConnections() {
            try (Connection connection = connect()) {
                return connection.isValid(5);
            } catch (SQLException e) {
                return false;
            }
        }

        List<String> recordStates(String key) throws SQLException {
            List<String> states = new ArrayList<>();
            try (Connection connection = connect();
                    PreparedStatement statement = connection.prepareStatement(
                            "SELECT state FROM idem_record WHERE idem_key = ?")) {
                statement.setString(1, key);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        states.add(rows.getString(1));
                    }
                }
            }
            return states;
        }

        List<String> inFlightAmong(Set<String> keys) throws SQLException {
            List<String> claimed = new ArrayList<>();
            try (Connection connection = connect();
                    PreparedStatement statement = connection.prepareStatement(
                            "SELECT idem_key FROM idem_record WHERE idem_key = ANY (?) AND state = 'IN_FLIGHT'")) {
                statement.setArray(1, connection.createArrayOf("varchar", keys.toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        claimed.add(rows.getString(1));
                    }
                }
            }
            return claimed;
        }

        private Connection connect() throws SQLException {
            Properties properties = new Properties();
            properties.putAll(credentials);
            properties.setProperty("connectTimeout", "5");
            properties.setProperty("socketTimeout", "30");
            Connection connection = new org.postgresql.Driver().connect(jdbcUrl, properties);
            if (connection == null) {
                throw new SQLException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
            }
            return connection;
        }
    }
}
