package dev.idem.it.liberty;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLClassLoader;
import java.time.Duration;

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
 */
public final class EmbeddedPostgresLauncher {

    /** Key under which the running instance is kept in {@link System#getProperties()}. */
    private static final String INSTANCE = EmbeddedPostgresLauncher.class.getName() + ".instance";

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
        long began = System.nanoTime();
        URLClassLoader execLoader = (URLClassLoader) EmbeddedPostgresLauncher.class.getClassLoader();
        URLClassLoader ownLoader = new URLClassLoader(execLoader.getURLs(), ClassLoader.getPlatformClassLoader());
        Closeable postgres;
        try {
            postgres = (Closeable) ownLoader.loadClass(EmbeddedPostgresLauncher.class.getName())
                    .getMethod("startPostgres", int.class, File.class)
                    .invoke(null, port, log);
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
        System.out.printf("Embedded PostgreSQL listening on 127.0.0.1:%d (started in %d ms, log %s)%n",
                port, (System.nanoTime() - began) / 1_000_000, log);
    }

    /** Runs in the class loader made by {@link #start}. */
    public static Closeable startPostgres(int port, File log) throws IOException {
        return EmbeddedPostgres.builder()
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "off")
                .setServerConfig("full_page_writes", "off")
                .setPGStartupWait(Duration.ofSeconds(30))
                // A file rather than a pipe: no logger thread outlives the start.
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log))
                .start();
    }

    private static void stop() throws IOException {
        Object postgres = System.getProperties().remove(INSTANCE);
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
