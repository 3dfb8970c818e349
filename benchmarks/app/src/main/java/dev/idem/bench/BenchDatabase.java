package dev.idem.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the one embedded PostgreSQL that the benchmarked application and pgbench share, on a free
 * port, writes that port to the file named by the first argument, and runs until terminated.
 * Optional second argument: the data directory (kept between runs only if the caller keeps it).
 */
public final class BenchDatabase {

    private BenchDatabase() {
    }

    public static void main(String... args) throws IOException, InterruptedException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: BenchDatabase <port-file> [data-dir]");
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                // PostgreSQL's own default, which zonky turns off: every commit waits for its WAL flush,
                // as in production. Idem's separate mode relies on it for what it makes durable when.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("max_connections", "300")
                .setServerConfig("shared_buffers", "512MB")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("checkpoint_timeout", "15min")
                .setPGStartupWait(java.time.Duration.ofSeconds(60));
        if (args.length > 1) {
            builder.setDataDirectory(Path.of(args[1])).setCleanDataDirectory(true);
        }
        EmbeddedPostgres postgres = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("could not stop PostgreSQL: " + e);
            }
            stopped.countDown();
        }));
        Path portFile = Path.of(args[0]);
        Path partial = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(partial, Integer.toString(postgres.getPort()));
        Files.move(partial, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("PostgreSQL ready on port " + postgres.getPort());
        stopped.await();
    }
}
