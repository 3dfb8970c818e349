package dev.idem.it.quarkus;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The tests' embedded PostgreSQL: started on a port zonky picks, it can be stopped and started
 * again on the same port with the same data, to take the store away from the running application.
 */
final class TestDatabase {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private static Path dataDirectory;
    private static int port;
    private static EmbeddedPostgres postgres;

    private TestDatabase() {
    }

    static synchronized void start() {
        try {
            dataDirectory = Files.createTempDirectory("idem-it-pg");
            postgres = builder().start();
            port = postgres.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
    }

    static synchronized String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** Shuts the server down (fast mode: open connections are cut), keeping its data. */
    static synchronized void stop() {
        if (postgres != null) {
            closeQuietly(postgres);
            postgres = null;
        }
    }

    /** Starts the server again on its former port with its former data. */
    static synchronized void restart() {
        if (postgres != null) {
            return;
        }
        if (!portIsFree(port)) {
            throw new IllegalStateException("Port " + port + " was taken while PostgreSQL was down");
        }
        try {
            postgres = builder().setPort(port).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not restart embedded PostgreSQL on port " + port, e);
        }
    }

    static synchronized boolean isRunning() {
        return postgres != null;
    }

    /** Stops the server for good and deletes its data. */
    static synchronized void close() {
        stop();
        if (dataDirectory != null) {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is no test failure
            }
            dataDirectory = null;
        }
    }

    private static EmbeddedPostgres.Builder builder() {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false);
    }

    private static boolean portIsFree(int candidate) {
        try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop embedded PostgreSQL", e);
        }
    }
}
