package dev.idem.internal.config;

import dev.idem.internal.engine.FailureMode;
import dev.idem.internal.engine.IdempotencyEngine;
import dev.idem.internal.engine.InFlightMode;
import dev.idem.internal.engine.TransactionMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Parsers for setting values; each names the rule it enforces when a value breaks it. */
final class Parse {
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Pattern CLASS_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    private Parse() {
    }

    static boolean bool(Value v) {
        String s = v.raw().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        throw v.invalid("must be true or false");
    }

    static Duration positiveDuration(Value v) {
        try {
            Duration d = Duration.parse(v.raw().trim());
            if (d.isNegative() || d.isZero()) {
                throw v.invalid("must be a positive ISO-8601 duration");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw v.invalid("must be a positive ISO-8601 duration such as PT24H or PT30S");
        }
    }

    static long longAtLeast(Value v, long min, long max) {
        try {
            long n = Long.parseLong(v.raw().trim());
            if (n < min || n > max) {
                throw v.invalid("must be an integer from " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw v.invalid("must be an integer from " + min + " to " + max);
        }
    }

    static InFlightMode inFlight(Value v) {
        return switch (v.raw().trim().toLowerCase(Locale.ROOT)) {
            case "reject" -> InFlightMode.REJECT;
            case "wait" -> InFlightMode.WAIT;
            default -> throw v.invalid("must be reject or wait");
        };
    }

    static FailureMode failureMode(Value v) {
        return switch (v.raw().trim().toLowerCase(Locale.ROOT)) {
            case "fail-closed" -> FailureMode.FAIL_CLOSED;
            case "fail-open" -> FailureMode.FAIL_OPEN;
            default -> throw v.invalid("must be fail-closed or fail-open");
        };
    }

    static TransactionMode transaction(Value v) {
        return switch (v.raw().trim().toLowerCase(Locale.ROOT)) {
            case "separate" -> TransactionMode.SEPARATE;
            case "same" -> TransactionMode.SAME;
            default -> throw v.invalid("must be separate or same");
        };
    }

    static List<String> classNames(Value v) {
        List<String> names = new ArrayList<>();
        for (String part : v.raw().split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!CLASS_NAME.matcher(name).matches()) {
                throw v.invalid("must be a comma-separated list of fully qualified class names");
            }
            names.add(name);
        }
        return names;
    }

    static String headerName(Value v) {
        String s = v.raw().trim();
        if (!HEADER_NAME.matcher(s).matches()) {
            throw v.invalid("must be an HTTP header name");
        }
        return s;
    }

    static List<String> headerNames(Value v) {
        List<String> names = new ArrayList<>();
        for (String part : v.raw().split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!HEADER_NAME.matcher(name).matches()) {
                throw v.invalid("must be a comma-separated list of HTTP header names");
            }
            names.add(name);
        }
        return names;
    }

    static List<String> replayHeaders(Value v) {
        List<String> names = headerNames(v);
        for (String name : names) {
            if (IdempotencyEngine.NEVER_STORED.contains(name.toLowerCase(Locale.ROOT))) {
                throw v.invalid("must not name " + name + ": Set-Cookie and credential-bearing headers are never stored");
            }
        }
        return names;
    }

    static Pattern pattern(Value v) {
        try {
            return Pattern.compile(v.raw());
        } catch (PatternSyntaxException e) {
            throw v.invalid("must be a regular expression (" + e.getDescription() + ")");
        }
    }

    static String tableName(Value v) {
        String s = v.raw().trim();
        if (!TABLE_NAME.matcher(s).matches()) {
            throw v.invalid("must be a table name, optionally schema-qualified, of letters, digits and underscores");
        }
        return s;
    }
}
