package dev.idem.internal.config;

import dev.idem.Idempotent;
import dev.idem.internal.engine.Settings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one place that resolves a setting for an operation. Precedence, highest first:
 * {@code idem."<fqcn>/<method>".<name>}, {@code idem."<fqcn>".<name>}, a value set explicitly on
 * {@link Idempotent}, {@code idem.<name>}, the built-in default. Every value is validated; an
 * invalid one raises a {@link ConfigurationException} naming the property (or annotation member)
 * and the value.
 */
public final class SettingsResolver {

    /** Settings that exist globally, per class and per method. */
    static final Set<String> OPERATION_SETTINGS = Set.of(
            "enabled", "header", "required", "ttl", "lease", "in-flight", "in-flight.max-wait",
            "key.min-length", "key.max-length", "key.pattern", "scope.headers", "replay.headers",
            "max-body-size", "store-server-errors", "store.failure-mode", "transaction", "record-exceptions");

    /** Settings of the store as a whole: global only. */
    static final Set<String> GLOBAL_SETTINGS = Set.of(
            "cleanup.interval", "cleanup.batch-size", "schema.create", "store.table", "encryption.keys",
            "replay-cache.max-entries", "replay-cache.max-bytes");

    private static final String PREFIX = "idem.";
    private static final long MAX_BODY_LIMIT = Integer.MAX_VALUE - 8;
    /** Scope and key share one primary-key index entry, which PostgreSQL bounds at about 2,700 bytes. */
    private static final long MAX_KEY_LENGTH = 2048;

    private final Function<String, Optional<String>> config;

    /** @param config looks a property up by its full name, e.g. MicroProfile Config's {@code getOptionalValue} */
    public SettingsResolver(Function<String, Optional<String>> config) {
        this.config = config;
    }

    /** The global settings alone, as an operation without class, method or annotation would see them. */
    public Settings resolveGlobal() {
        return resolve(null, null, null);
    }

    /**
     * @param className  the class the operation is invoked on, or {@code null} for global settings only
     * @param methodName the method's name, or {@code null}
     * @param annotation the effective annotation, or {@code null}
     */
    public Settings resolve(String className, String methodName, Idempotent annotation) {
        String target = className == null ? "(global)" : className + "/" + methodName;
        Sources sources = new Sources(className, target, annotation == null ? Map.of() : explicitMembers(annotation, target));
        Settings d = Settings.defaults(target);

        Optional<Value> minValue = sources.get("key.min-length");
        int minLength = minValue.map(v -> (int) Parse.longAtLeast(v, 1, MAX_KEY_LENGTH)).orElse(d.keyMinLength());
        Optional<Value> maxValue = sources.get("key.max-length");
        int maxLength = maxValue.map(v -> (int) Parse.longAtLeast(v, 1, MAX_KEY_LENGTH)).orElse(d.keyMaxLength());
        if (maxLength < minLength) {
            throw maxValue.isPresent()
                    ? maxValue.get().invalid("must be at least key.min-length (" + minLength + ")")
                    : minValue.get().invalid("must be at most key.max-length (" + maxLength + ")");
        }
        return new Settings(
                target,
                sources.get("enabled").map(Parse::bool).orElse(d.enabled()),
                sources.get("header").map(Parse::headerName).orElse(d.header()),
                sources.get("required").map(Parse::bool).orElse(d.required()),
                sources.get("ttl").map(Parse::positiveDuration).orElse(d.ttl()),
                sources.get("lease").map(Parse::positiveDuration).orElse(d.lease()),
                sources.get("in-flight").map(Parse::inFlight).orElse(d.inFlight()),
                sources.get("in-flight.max-wait").map(Parse::positiveDuration).orElse(d.inFlightMaxWait()),
                minLength,
                maxLength,
                sources.get("key.pattern").map(Parse::pattern).orElse(d.keyPattern()),
                sources.get("scope.headers").map(Parse::headerNames).orElse(d.scopeHeaders()),
                sources.get("replay.headers").map(v -> Set.copyOf(Parse.replayHeaders(v))).orElse(d.replayHeaders()),
                sources.get("max-body-size").map(v -> Parse.longAtLeast(v, 1, MAX_BODY_LIMIT)).orElse(d.maxBodySize()),
                sources.get("store-server-errors").map(Parse::bool).orElse(d.storeServerErrors()),
                sources.get("store.failure-mode").map(Parse::failureMode).orElse(d.failureMode()),
                sources.get("transaction").map(Parse::transaction).orElse(d.transaction()),
                sources.get("record-exceptions").map(Parse::classNames).orElse(d.recordExceptions()));
    }

    /** The store's own settings, global only. */
    public StoreSettings resolveStore() {
        return new StoreSettings(
                global("cleanup.interval").map(Parse::positiveDuration).orElse(Duration.ofMinutes(5)),
                global("cleanup.batch-size").map(v -> (int) Parse.longAtLeast(v, 1, 100_000)).orElse(1000),
                global("schema.create").map(Parse::bool).orElse(true),
                global("store.table").map(Parse::tableName).orElse("idem_record"));
    }

    /**
     * Checks every {@code idem.*} property name and value the application defines, so a typo or a
     * bad value for a class or method fails start-up even before that operation is first used.
     */
    public void validate(Iterable<String> propertyNames) {
        for (String name : propertyNames) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String rest = name.substring(PREFIX.length());
            String setting = rest;
            if (rest.startsWith("\"")) {
                int close = rest.indexOf('"', 1);
                if (close <= 1 || close + 1 >= rest.length() || rest.charAt(close + 1) != '.') {
                    throw new ConfigurationException("Invalid property name " + name
                            + ": per-class and per-method settings are written idem.\"<fqcn>\".<name> or idem.\"<fqcn>/<method>\".<name>");
                }
                setting = rest.substring(close + 2);
                if (GLOBAL_SETTINGS.contains(setting)) {
                    throw new ConfigurationException("Invalid property name " + name + ": idem." + setting
                            + " can only be set globally");
                }
            } else if (GLOBAL_SETTINGS.contains(setting)) {
                continue; // validated by resolveStore()
            }
            if (!OPERATION_SETTINGS.contains(setting)) {
                throw new ConfigurationException("Unknown setting " + name + "; known settings: "
                        + String.join(", ", new java.util.TreeSet<>(OPERATION_SETTINGS)) + ", "
                        + String.join(", ", new java.util.TreeSet<>(GLOBAL_SETTINGS)));
            }
            String raw = config.apply(name).orElse(null);
            if (raw != null) {
                parseAlone(setting, new Value(raw, name));
            }
        }
        resolveGlobal();
        resolveStore();
        resolveEncryptionKeys();
        resolveReplayCache();
    }

    /** Default of {@code idem.replay-cache.max-entries}. */
    public static final int REPLAY_CACHE_MAX_ENTRIES = 10_000;
    /** Default of {@code idem.replay-cache.max-bytes}: 32 MiB. */
    public static final long REPLAY_CACHE_MAX_BYTES = 32L * 1024 * 1024;

    /**
     * The bounds of the in-memory replay cache, global only: {@code idem.replay-cache.max-entries}
     * and {@code idem.replay-cache.max-bytes}; either one at 0 turns the cache off.
     */
    public ReplayCacheSettings resolveReplayCache() {
        return new ReplayCacheSettings(
                global("replay-cache.max-entries").map(v -> (int) Parse.longAtLeast(v, 0, Integer.MAX_VALUE))
                        .orElse(REPLAY_CACHE_MAX_ENTRIES),
                global("replay-cache.max-bytes").map(v -> Parse.longAtLeast(v, 0, Long.MAX_VALUE))
                        .orElse(REPLAY_CACHE_MAX_BYTES));
    }

    /**
     * The keys of encryption at rest ({@code idem.encryption.keys=<id>:<base64 AES key>,...}; the
     * first encrypts, all decrypt), or none when it is off. Messages never show key material.
     */
    public java.util.List<dev.idem.internal.crypto.EncryptionKey> resolveEncryptionKeys() {
        String name = PREFIX + "encryption.keys";
        java.util.List<dev.idem.internal.crypto.EncryptionKey> keys = new java.util.ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (String entry : config.apply(name).orElse("").split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            String id = colon < 0 ? "" : trimmed.substring(0, colon).trim();
            if (!id.matches("[A-Za-z0-9_.-]{1,32}")) {
                throw new ConfigurationException("Invalid " + name + ": each entry must be <id>:<base64 AES key> with an id of "
                        + "1 to 32 letters, digits, '_', '.' or '-'");
            }
            byte[] material;
            try {
                material = java.util.Base64.getDecoder().decode(trimmed.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("Invalid " + name + ": the key of '" + id + "' is not base64");
            }
            if (material.length != 16 && material.length != 24 && material.length != 32) {
                throw new ConfigurationException("Invalid " + name + ": the key of '" + id
                        + "' must be 16, 24 or 32 bytes (AES-128, -192 or -256), was " + material.length);
            }
            if (!ids.add(id)) {
                throw new ConfigurationException("Invalid " + name + ": key id '" + id + "' appears twice");
            }
            keys.add(new dev.idem.internal.crypto.EncryptionKey(id, material));
        }
        return keys;
    }

    private static void parseAlone(String setting, Value v) {
        switch (setting) {
            case "enabled", "required", "store-server-errors" -> Parse.bool(v);
            case "header" -> Parse.headerName(v);
            case "ttl", "lease", "in-flight.max-wait" -> Parse.positiveDuration(v);
            case "in-flight" -> Parse.inFlight(v);
            case "key.min-length", "key.max-length" -> Parse.longAtLeast(v, 1, MAX_KEY_LENGTH);
            case "key.pattern" -> Parse.pattern(v);
            case "scope.headers" -> Parse.headerNames(v);
            case "replay.headers" -> Parse.replayHeaders(v);
            case "max-body-size" -> Parse.longAtLeast(v, 1, MAX_BODY_LIMIT);
            case "store.failure-mode" -> Parse.failureMode(v);
            case "transaction" -> Parse.transaction(v);
            case "record-exceptions" -> Parse.classNames(v);
            default -> throw new IllegalArgumentException(setting);
        }
    }

    private Optional<Value> global(String setting) {
        String name = PREFIX + setting;
        return config.apply(name).map(raw -> new Value(raw, name));
    }

    /** The annotation members set explicitly, by setting name, as strings. */
    private static Map<String, Value> explicitMembers(Idempotent a, String target) {
        Map<String, Value> set = new LinkedHashMap<>();
        Members m = new Members(set, target);
        m.string("header", "header", a.header());
        m.one("required", "required", a.required().length, () -> String.valueOf(a.required()[0]));
        m.string("ttl", "ttl", a.ttl());
        m.string("lease", "lease", a.lease());
        m.string("in-flight", "inFlight", a.inFlight());
        m.string("in-flight.max-wait", "inFlightMaxWait", a.inFlightMaxWait());
        m.one("key.min-length", "keyMinLength", a.keyMinLength().length, () -> String.valueOf(a.keyMinLength()[0]));
        m.one("key.max-length", "keyMaxLength", a.keyMaxLength().length, () -> String.valueOf(a.keyMaxLength()[0]));
        m.string("key.pattern", "keyPattern", a.keyPattern());
        m.list("scope.headers", "scopeHeaders", a.scopeHeaders());
        m.list("replay.headers", "replayHeaders", a.replayHeaders());
        m.one("max-body-size", "maxBodySize", a.maxBodySize().length, () -> String.valueOf(a.maxBodySize()[0]));
        m.one("store-server-errors", "storeServerErrors", a.storeServerErrors().length,
                () -> String.valueOf(a.storeServerErrors()[0]));
        m.string("store.failure-mode", "failureMode", a.failureMode());
        m.one("enabled", "enabled", a.enabled().length, () -> String.valueOf(a.enabled()[0]));
        m.string("transaction", "transaction", a.transaction());
        m.list("record-exceptions", "recordExceptions",
                java.util.Arrays.stream(a.recordExceptions()).map(Class::getName).toArray(String[]::new));
        return set;
    }

    private record Members(Map<String, Value> set, String target) {
        void string(String setting, String member, String value) {
            if (!value.isEmpty()) {
                set.put(setting, new Value(value, origin(member)));
            }
        }

        void list(String setting, String member, String[] values) {
            if (values.length > 0) {
                set.put(setting, new Value(String.join(",", values), origin(member)));
            }
        }

        void one(String setting, String member, int length, java.util.function.Supplier<String> value) {
            if (length > 1) {
                throw new ConfigurationException("Invalid " + origin(member) + ": must hold at most one value, held " + length);
            }
            if (length == 1) {
                set.put(setting, new Value(value.get(), origin(member)));
            }
        }

        private String origin(String member) {
            return "@Idempotent(" + member + ") on " + target;
        }
    }

    /** Looks a setting up through the precedence chain. */
    private final class Sources {
        private final String className;
        private final String target;
        private final Map<String, Value> annotation;

        Sources(String className, String target, Map<String, Value> annotation) {
            this.className = className;
            this.target = target;
            this.annotation = annotation;
        }

        Optional<Value> get(String setting) {
            if (className != null) {
                Optional<Value> v = property(PREFIX + "\"" + target + "\"." + setting);
                if (v.isEmpty()) {
                    v = property(PREFIX + "\"" + className + "\"." + setting);
                }
                if (v.isPresent()) {
                    return v;
                }
            }
            Value explicit = annotation.get(setting);
            return explicit != null ? Optional.of(explicit) : property(PREFIX + setting);
        }

        private Optional<Value> property(String name) {
            return config.apply(name).map(raw -> new Value(raw, name));
        }
    }
}
