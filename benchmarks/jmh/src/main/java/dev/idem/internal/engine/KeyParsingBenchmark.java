package dev.idem.internal.engine;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Parsing and validating the Idempotency-Key header: a bare token, its sf-string form, a malformed one. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeyParsingBenchmark {

    private final Settings settings = Settings.defaults("bench/KeyParsingBenchmark");
    private final List<String> token = List.of("8e3f5c1a-2b4d-4e6f-9a7b-c1d2e3f4a5b6");
    private final List<String> sfString = List.of("\"8e3f5c1a-2b4d-4e6f-9a7b-c1d2e3f4a5b6\"");
    private final List<String> malformed = List.of("8e3f5c1a 2b4d 4e6f 9a7b c1d2e3f4a5b6");

    @Benchmark
    public KeyCheck bareToken() {
        return IdempotencyKeys.check(token, settings);
    }

    @Benchmark
    public KeyCheck sfString() {
        return IdempotencyKeys.check(sfString, settings);
    }

    @Benchmark
    public KeyCheck malformed() {
        return IdempotencyKeys.check(malformed, settings);
    }
}
