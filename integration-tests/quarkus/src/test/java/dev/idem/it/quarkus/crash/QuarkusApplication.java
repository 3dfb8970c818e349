package dev.idem.it.quarkus.crash;

import dev.idem.it.suite.crash.CrashClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged test application ({@code target/quarkus-app/quarkus-run.jar}, prod profile) run
 * as an operating-system process of its own, so that a test can kill its JVM outright and start
 * it again against the same database.
 *
 * <p>Every incarnation listens on loopback, on a port free when it starts, and writes its output
 * to a file of its own under the crash-log directory. The prod profile's Hibernate strategy is
 * {@code update}: a restart keeps the tables and their rows. A process this class started is
 * always ended by it ({@link #close}), and by a shutdown hook should the test JVM end first.
 */
final class QuarkusApplication implements AutoCloseable {

    /** System properties set by the build. */
    static final String RUN_JAR_PROPERTY = "it.quarkus.run-jar";
    static final String LOG_DIR_PROPERTY = "it.crash.log-dir";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final EmbeddedDatabase database;
    private final Thread killOnExit = new Thread(this::killQuietly, "kill-quarkus-on-exit");
    private Process process;
    private URI baseUri;
    private int incarnation;

    private QuarkusApplication(String name, EmbeddedDatabase database) {
        this.name = name;
        this.database = database;
    }

    /** Starts the application against {@code database} and waits until it serves. */
    static QuarkusApplication start(String name, EmbeddedDatabase database) {
        QuarkusApplication application = new QuarkusApplication(name, database);
        Runtime.getRuntime().addShutdownHook(application.killOnExit);
        try {
            application.launch();
        } catch (RuntimeException e) {
            application.close();
            throw e;
        }
        return application;
    }

    /** Where the current incarnation answers, e.g. {@code http://127.0.0.1:41234}. */
    URI baseUri() {
        return baseUri;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: the JVM ends at once, without shutdown hooks, transaction completion or connection close. */
    void kill() {
        process.destroyForcibly();
        awaitExit("SIGKILL");
        System.out.printf("[crash] Quarkus application (pid %d) killed with SIGKILL%n", process.pid());
    }

    /** Starts a new incarnation against the same database and waits until it serves. */
    void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("Application (pid " + process.pid() + ") is still running");
        }
        launch();
    }

    /** Stops the current incarnation (SIGTERM, then SIGKILL after a bounded wait). */
    @Override
    public void close() {
        try {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    awaitExit("SIGKILL after SIGTERM");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            removeShutdownHook();
        }
    }

    private void launch() {
        incarnation++;
        int port = freeLoopbackPort();
        Path log = logDirectory().resolve(name + "-" + incarnation + ".log");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=" + database.jdbcUrl(),
                "-Dquarkus.datasource.username=" + EmbeddedDatabase.USER,
                "-Dquarkus.datasource.password=" + EmbeddedDatabase.PASSWORD,
                "-jar", runJar().toString());
        long began = System.nanoTime();
        try {
            process = new ProcessBuilder(command)
                    .directory(runJar().getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + command, e);
        }
        baseUri = URI.create("http://127.0.0.1:" + port);
        CrashClient.awaitServing(baseUri, process::isAlive, START_TIMEOUT,
                () -> "Quarkus application (pid " + process.pid() + ", log " + log + ")" + tail(log));
        System.out.printf("[crash] Quarkus application (pid %d) serves at %s, %d ms after launch%n",
                process.pid(), baseUri, (System.nanoTime() - began) / 1_000_000);
    }

    private void awaitExit(String how) {
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("Application (pid " + process.pid() + ") still alive "
                        + EXIT_TIMEOUT + " after " + how);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void killQuietly() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }

    private static Path runJar() {
        Path jar = Path.of(System.getProperty(RUN_JAR_PROPERTY, "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: these tests run after the package phase");
        }
        return jar;
    }

    private static Path logDirectory() {
        Path directory = Path.of(System.getProperty(LOG_DIR_PROPERTY, "target/crash-logs"));
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return "; last lines of its output:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
