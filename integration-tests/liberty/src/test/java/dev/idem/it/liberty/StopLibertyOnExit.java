package dev.idem.it.liberty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure the Liberty server this build starts does not outlive the build.
 *
 * <p>The liberty-maven-plugin starts the server as a process of its own and stops it in
 * {@code post-integration-test}. When the build fails before that (the application does not
 * start in time, a plugin fails), the server would keep running, holding its ports. This main,
 * run by {@code exec:java} before the server starts, registers a shutdown hook on Maven's JVM:
 * if the server's pid file ({@code usr/servers/.pid/<server>.pid}, which {@code server stop}
 * removes) was written during this build and still names a live process when Maven exits, that
 * process is sent SIGTERM, on which Liberty stops in an orderly way. A pid file left by an
 * earlier build is ignored: its number may belong to another process by now.
 *
 * <p>The hook uses JDK classes only, and no lambdas: {@code exec:java} closes this class's
 * loader once {@code main} returns.
 */
public final class StopLibertyOnExit {

    private static final long STOP_WAIT_SECONDS = 30;

    private StopLibertyOnExit() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("Usage: <server pid file>");
        }
        Path pidFile = Path.of(args[0]);
        FileTime buildStart = FileTime.fromMillis(System.currentTimeMillis());
        Runtime.getRuntime().addShutdownHook(new Thread("stop-liberty-on-exit") {
            @Override
            public void run() {
                stopIfRunning(pidFile, buildStart);
            }
        });
    }

    private static void stopIfRunning(Path pidFile, FileTime buildStart) {
        Optional<ProcessHandle> found = writtenSince(pidFile, buildStart) ? readPid(pidFile) : Optional.empty();
        if (found.isEmpty() || !found.get().isAlive()) {
            return;
        }
        ProcessHandle server = found.get();
        System.err.println("The build ends with Liberty still running (pid " + server.pid() + "): stopping it");
        server.destroy();
        try {
            server.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            server.destroyForcibly();
        }
    }

    private static boolean writtenSince(Path pidFile, FileTime buildStart) {
        try {
            return Files.getLastModifiedTime(pidFile).compareTo(buildStart) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<ProcessHandle> readPid(Path pidFile) {
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
