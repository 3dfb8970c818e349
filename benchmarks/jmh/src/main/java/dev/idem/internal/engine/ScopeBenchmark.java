package dev.idem.internal.engine;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The scope hash of a request: anonymous, and a principal with one scope header. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScopeBenchmark {

    private final List<String> scopeHeaders = List.of("X-Tenant");
    private final List<String> tenant = List.of("tenant-42");

    @Benchmark
    public String anonymous() {
        return Scopes.of(null, List.of(), name -> null);
    }

    @Benchmark
    public String principalAndTenant() {
        return Scopes.of("alice", scopeHeaders, name -> tenant);
    }
}
