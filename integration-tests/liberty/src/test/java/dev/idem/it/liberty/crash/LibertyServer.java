package dev.idem.it.liberty.crash;

import dev.idem.it.suite.crash.CrashClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Open Liberty server that the build started (liberty-maven-plugin, pre-integration-test),
 * seen as an operating-system process: its JVM can be killed outright and the server started
 * again the way the plugin starts it, against the same database and with the same bootstrap
 * properties, JVM options and server.env, all of which live in the server directory.
 *
 * <p>The server's JVM is found through the pid file that {@code server start} writes
 * ({@code usr/servers/.pid/<server>.pid}), and only accepted if that process runs Liberty's
 * launcher for this installation and this server. The plugin's {@code stop} in
 * post-integration-test stops whichever incarnation runs then.
 */
final class LibertyServer {

    /** System properties set by the build. */
    static final String WLP_DIR_PROPERTY = "it.liberty.wlp-dir";
    static final String SERVER_NAME_PROPERTY = "it.liberty.server-name";
    static final String BASE_URL_PROPERTY = "idem.it.base-url";
    static final String LOG_DIR_PROPERTY = "it.crash.log-dir";

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    /** Numbers the logs of {@code server start}, one file per start in this test JVM. */
    private static final AtomicInteger STARTS = new AtomicInteger();

    private final Path wlp;
    private final String name;
    private final URI baseUri;

    private LibertyServer(Path wlp, String name, URI baseUri) {
        this.wlp = wlp;
        this.name = name;
        this.baseUri = baseUri;
    }

    static LibertyServer fromBuild() {
        return new LibertyServer(
                Path.of(required(WLP_DIR_PROPERTY)).toAbsolutePath().normalize(),
                required(SERVER_NAME_PROPERTY),
                URI.create(required(BASE_URL_PROPERTY).replaceAll("/+$", "")));
    }

    /** Where the application answers, e.g. {@code http://localhost:9080/idem-it}. */
    URI baseUri() {
        return baseUri;
    }

    /** The running server's JVM; fails when the server does not run. */
    ProcessHandle process() {
        return findProcess().orElseThrow(() -> new IllegalStateException(
                "Liberty server " + name + " is not running (pid file " + pidFile() + ")"));
    }

    /** SIGKILL to the server's JVM: it ends at once, without shutdown, transaction completion or connection close. */
    void kill() {
        ProcessHandle server = process();
        server.destroyForcibly();
        try {
            server.onExit().get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            System.out.printf("[crash] Liberty server %s (pid %d) killed with SIGKILL%n", name, server.pid());
        } catch (Exception e) {
            throw new IllegalStateException("Liberty (pid " + server.pid() + ") still alive " + EXIT_TIMEOUT + " after SIGKILL", e);
        }
    }

    /** {@code bin/server start <name>} as the plugin runs it (JAVA_HOME of this JVM), then waits until the application serves. */
    void start() {
        if (findProcess().isPresent()) {
            throw new IllegalStateException("Liberty server " + name + " is already running");
        }
        long began = System.nanoTime();
        Path log = logDirectory().resolve("liberty-server-start-" + STARTS.incrementAndGet() + ".log");
        ProcessBuilder command = new ProcessBuilder(wlp.resolve("bin").resolve("server").toString(), "start", name)
                .directory(wlp.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        command.environment().put("JAVA_HOME", System.getProperty("java.home"));
        int exit = run(command, log);
        if (exit != 0) {
            throw new IllegalStateException("server start " + name + " exited with " + exit + ": " + read(log));
        }
        CrashClient.awaitServing(baseUri, () -> findProcess().isPresent(), START_TIMEOUT,
                () -> "Liberty server " + name + " (" + messagesLog() + ")");
        System.out.printf("[crash] Liberty server %s (pid %d) serves again, %d ms after server start%n",
                name, process().pid(), (System.nanoTime() - began) / 1_000_000);
    }

    /** Starts the server unless it runs: whatever a test did, the server is back when it ends. */
    void ensureRunning() {
        if (findProcess().isEmpty()) {
            start();
        }
    }

    private Optional<ProcessHandle> findProcess() {
        Path pidFile = pidFile();
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isThisServer);
    }

    /** A pid file may outlive its process, and its number be reused: check what the process runs. */
    private boolean isThisServer(ProcessHandle process) {
        List<String> arguments = List.of(process.info().arguments().orElse(new String[0]));
        String launcher = wlp.resolve("bin").resolve("tools").resolve("ws-server.jar").toString();
        int jar = arguments.indexOf(launcher);
        return jar >= 0 && arguments.subList(jar, arguments.size()).contains(name);
    }

    private Path pidFile() {
        return wlp.resolve("usr").resolve("servers").resolve(".pid").resolve(name + ".pid");
    }

    private Path messagesLog() {
        return wlp.resolve("usr").resolve("servers").resolve(name).resolve("logs").resolve("messages.log");
    }

    private static int run(ProcessBuilder command, Path log) {
        try {
            Process process = command.start();
            if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.command() + " did not return within " + START_TIMEOUT + ": " + read(log));
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + command.command(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Path logDirectory() {
        try {
            return Files.createDirectories(Path.of(System.getProperty(LOG_DIR_PROPERTY, "target/crash-logs")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path log) {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " must be set by the build");
        }
        return value;
    }
}
