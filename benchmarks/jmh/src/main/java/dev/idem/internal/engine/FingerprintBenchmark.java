package dev.idem.internal.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The request fingerprint (method, path, sorted query, body) for small and 64 KiB bodies. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FingerprintBenchmark {

    @Param({"64", "65536"})
    int bodySize;

    private byte[] body;

    @Setup
    public void fillBody() {
        byte[] json = "{\"ref\":\"A-1\",\"amount\":42,\"note\":\"".getBytes(StandardCharsets.US_ASCII);
        body = Arrays.copyOf(json, bodySize);
        Arrays.fill(body, Math.min(json.length, bodySize), bodySize, (byte) 'x');
    }

    @Benchmark
    public String fingerprint() {
        return Fingerprints.of("POST", "/orders", "currency=EUR&dry-run=false", body, body.length);
    }
}
