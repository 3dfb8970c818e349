package dev.idem.it.liberty;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * Starts and stops the PostgreSQL that Open Liberty's data source points at, from inside the
 * Maven build ({@code exec:java}, which runs this in Maven's own JVM).
 *
 * <p>{@code start <port> <log file>} starts an embedded PostgreSQL on loopback and returns,
 * leaving it running: Liberty starts after it, the tests run, and {@code stop} closes it. The
 * running instance is handed from one execution to the next through Maven's system properties
 * (each {@code exec:java} execution has a class loader of its own, so a static field would not
 * do). The embedded PostgreSQL lives in a class loader of this class's own making, because
 * {@code exec:java} closes its class loader when {@code main} returns, and closing PostgreSQL
 * later needs classes that were not loaded yet. If the build ends before {@code stop} runs, the
 * embedded PostgreSQL's own shutdown hook stops it and deletes its data directory when Maven exits.
 *
 * <p>Next to the log, {@code start} writes {@value #DESCRIPTOR_NAME}: the port, the data directory
 * and the command prefix ({@code unshare -U} when running as root) that the server was started
 * with, so that a test in another JVM can stop it with {@code pg_ctl} and start it again on the
 * same port ({@code StoreOutageIT}). {@code stop} deletes it.
 */
public final class EmbeddedPostgresLauncher {

    /** Key under which the running instance is kept in {@link System#getProperties()}. */
    private static final String INSTANCE = EmbeddedPostgresLauncher.class.getName() + ".instance";

    /** The file, next to the log, that tells tests in other JVMs where the server lives. */
    public static final String DESCRIPTOR_NAME = "embedded-postgres.properties";

    /** Key under which the descriptor's path is kept in {@link System#getProperties()}. */
    private static final String DESCRIPTOR = EmbeddedPostgresLauncher.class.getName() + ".descriptor";

    private EmbeddedPostgresLauncher() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("start")) {
            start(Integer.parseInt(args[1]), new File(args[2]));
        } else if (args.length == 1 && args[0].equals("stop")) {
            stop();
        } else {
            throw new IllegalArgumentException("Usage: start <port> <log file> | stop");
        }
    }

    private static void start(int port, File log) throws IOException {
        if (System.getProperties().get(INSTANCE) != null) {
            throw new IllegalStateException("An embedded PostgreSQL is already running in this build");
        }
        requireFree(port);
        log.getParentFile().mkdirs();
        File descriptor = new File(log.getParentFile(), DESCRIPTOR_NAME);
        Files.deleteIfExists(descriptor.toPath());
        long began = System.nanoTime();
        URLClassLoader execLoader = (URLClassLoader) EmbeddedPostgresLauncher.class.getClassLoader();
        URLClassLoader ownLoader = new URLClassLoader(execLoader.getURLs(), ClassLoader.getPlatformClassLoader());
        Closeable postgres;
        try {
            postgres = (Closeable) ownLoader.loadClass(EmbeddedPostgresLauncher.class.getName())
                    .getMethod("startPostgres", int.class, File.class, File.class)
                    .invoke(null, port, log, descriptor);
        } catch (InvocationTargetException e) {
            ownLoader.close();
            throw new IOException("Could not start PostgreSQL on port " + port + "; see " + log, e.getCause());
        } catch (ReflectiveOperationException e) {
            ownLoader.close();
            throw new IllegalStateException(e);
        }
        System.getProperties().put(INSTANCE, (Closeable) () -> {
            try (ownLoader) {
                postgres.close();
            }
        });
        System.getProperties().put(DESCRIPTOR, descriptor);
        System.out.printf("Embedded PostgreSQL listening on 127.0.0.1:%d (started in %d ms, log %s)%n",
                port, (System.nanoTime() - began) / 1_000_000, log);
    }

    /** Runs in the class loader made by {@link #start}. */
    public static Closeable startPostgres(int port, File log, File descriptor) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "off")
                .setServerConfig("full_page_writes", "off")
                .setPGStartupWait(Duration.ofSeconds(30))
                // A file rather than a pipe: no logger thread outlives the start.
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log))
                .start();
        try {
            writeDescriptor(postgres, port, log, descriptor);
        } catch (IOException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        return postgres;
    }

    private static void writeDescriptor(EmbeddedPostgres postgres, int port, File log, File descriptor)
            throws IOException {
        String dataDirectory;
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW data_directory")) {
            rows.next();
            dataDirectory = rows.getString(1);
        } catch (SQLException e) {
            throw new IOException("Could not read the data directory of PostgreSQL on port " + port, e);
        }
        Properties properties = new Properties();
        properties.setProperty("port", Integer.toString(port));
        properties.setProperty("data-directory", dataDirectory);
        // zonky runs PostgreSQL's programs through "unshare -U" when that is how it avoids running as root
        properties.setProperty("command-prefix",
                LinuxUtils.isUnshareAvailable() ? "unshare -U" : "");
        properties.setProperty("log", log.getAbsolutePath());
        File partial = new File(descriptor.getPath() + ".tmp");
        try (var out = Files.newBufferedWriter(partial.toPath(), StandardCharsets.UTF_8)) {
            properties.store(out, "The build's embedded PostgreSQL (EmbeddedPostgresLauncher)");
        }
        Files.move(partial.toPath(), descriptor.toPath(), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static void stop() throws IOException {
        Object postgres = System.getProperties().remove(INSTANCE);
        if (System.getProperties().remove(DESCRIPTOR) instanceof File descriptor) {
            Files.deleteIfExists(descriptor.toPath());
        }
        if (postgres instanceof Closeable closeable) {
            closeable.close();
            System.out.println("Embedded PostgreSQL stopped");
        } else {
            System.out.println("No embedded PostgreSQL was running in this build");
        }
    }

    /**
     * The embedded PostgreSQL reports success even when another server already listens on its
     * port, and the tests would then talk to that one: refuse a port that is taken.
     */
    private static void requireFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " on loopback is taken; refusing to start PostgreSQL there", e);
        }
    }
}
