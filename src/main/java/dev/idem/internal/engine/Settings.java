package dev.idem.internal.engine;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The resolved settings of one idempotent operation. Built and validated once, at start-up, by
 * the configuration layer; immutable afterwards.
 *
 * @param target            {@code <fqcn>/<method>}, for messages
 * @param replayHeaders     lower-case names of the response headers recorded and replayed
 * @param scopeHeaders      request header names whose values join the principal in the scope
 * @param recordExceptions  class names of exceptions a CDI method's outcome records (with subclasses)
 */
public record Settings(
        String target,
        boolean enabled,
        String header,
        boolean required,
        Duration ttl,
        Duration lease,
        InFlightMode inFlight,
        Duration inFlightMaxWait,
        int keyMinLength,
        int keyMaxLength,
        Pattern keyPattern,
        List<String> scopeHeaders,
        Set<String> replayHeaders,
        long maxBodySize,
        boolean storeServerErrors,
        FailureMode failureMode,
        TransactionMode transaction,
        List<String> recordExceptions) {

    /** The built-in defaults of SPEC, for {@code target}. */
    public static Settings defaults(String target) {
        return new Settings(target, true, "Idempotency-Key", true, Duration.ofHours(24), Duration.ofMinutes(1),
                InFlightMode.REJECT, Duration.ofSeconds(10), 16, 255, null, List.of(),
                Set.of("content-type", "location", "content-location", "link", "etag", "last-modified"),
                1_048_576L, false, FailureMode.FAIL_CLOSED, TransactionMode.SEPARATE, List.of());
    }

    public Settings {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(header, "header");
        scopeHeaders = List.copyOf(scopeHeaders);
        recordExceptions = List.copyOf(recordExceptions);
        replayHeaders = Set.copyOf(replayHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
    }

    /** Whether a response header of this name is recorded and replayed. */
    public boolean replays(String headerName) {
        return replayHeaders.contains(headerName.toLowerCase(Locale.ROOT));
    }

    /** Whether a CDI method's exception of this type is recorded and rethrown on replay. */
    public boolean records(Throwable exception) {
        for (Class<?> type = exception.getClass(); type != null; type = type.getSuperclass()) {
            if (recordExceptions.contains(type.getName())) {
                return true;
            }
        }
        return false;
    }

    /** How long an in-flight claim keeps the record alive: never shorter than its lease. */
    public Duration claimLifetime() {
        return ttl.compareTo(lease) >= 0 ? ttl : lease;
    }
}
