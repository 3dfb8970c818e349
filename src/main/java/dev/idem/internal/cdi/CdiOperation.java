package dev.idem.internal.cdi;

import dev.idem.IdempotencyInFlightException;
import dev.idem.IdempotencyKeyInvalidException;
import dev.idem.IdempotencyKeyReusedException;
import dev.idem.IdempotencyRecordUnreadableException;
import dev.idem.IdempotencyStoreUnavailableException;
import dev.idem.internal.engine.Decision;
import dev.idem.internal.engine.Fingerprints;
import dev.idem.internal.engine.IdempotencyEngine;
import dev.idem.internal.engine.IdempotencyKeys;
import dev.idem.internal.engine.KeyCheck;
import dev.idem.internal.engine.KeyTakenException;
import dev.idem.internal.engine.Lease;
import dev.idem.internal.engine.Outcome;
import dev.idem.internal.engine.Scopes;
import dev.idem.internal.engine.Settings;
import dev.idem.internal.engine.TransactionMode;
import dev.idem.internal.telemetry.LoggingContext;
import dev.idem.spi.RecordId;
import dev.idem.spi.StoredResponse;
import jakarta.interceptor.InvocationContext;
import jakarta.json.bind.Jsonb;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@code @Idempotent} CDI bean method: its key comes from the {@code @IdempotencyKey}
 * parameter, its fingerprint from the method and the other arguments as JSON, its outcome is the
 * return value as JSON (or a recorded exception), replayed as the declared return type.
 */
final class CdiOperation {
    private static final Logger LOG = Logger.getLogger("dev.idem");
    /** Marks a recorded exception: its class name; the body is its message as JSON. */
    static final String EXCEPTION_HEADER = "Idem-Exception";
    private static final int RETURNED = 200;
    private static final int THREW = 500;
    private static final String SCOPE = Scopes.of(null, List.of(), name -> null);

    private final IdemRuntime runtime;
    private final Settings settings;
    private final String target;
    private final int keyIndex;
    private final Method method;
    private final Jsonb jsonb;

    CdiOperation(IdemRuntime runtime, Settings settings, String target, int keyIndex, Method method, Jsonb jsonb) {
        this.runtime = runtime;
        this.settings = settings;
        this.target = target;
        this.keyIndex = keyIndex;
        this.method = method;
        this.jsonb = jsonb;
    }

    Object invoke(InvocationContext invocation) throws Exception {
        if (!settings.enabled()) {
            return invocation.proceed();
        }
        Object[] arguments = invocation.getParameters();
        Object keyArgument = arguments[keyIndex];
        if (keyArgument == null) {
            if (settings.required()) {
                runtime.telemetry().decided(target, Outcome.KEY_REJECTED);
                throw new IdempotencyKeyInvalidException("the @IdempotencyKey argument of " + target + " is null");
            }
            return invocation.proceed();
        }
        KeyCheck check = IdempotencyKeys.check(List.of(keyArgument.toString()), settings);
        if (check instanceof KeyCheck.Malformed malformed) {
            runtime.telemetry().decided(target, Outcome.KEY_REJECTED);
            throw new IdempotencyKeyInvalidException(target + ": " + malformed.reason());
        }
        String key = ((KeyCheck.Valid) check).key();
        LoggingContext.Saved outer = LoggingContext.save(); // a caller's own key, e.g. of its HTTP request
        try {
            return invoke(invocation, key, arguments);
        } finally {
            outer.restore();
        }
    }

    /** The key is valid (the engine puts it into the logging context). */
    private Object invoke(InvocationContext invocation, String key, Object[] arguments) throws Exception {
        boolean inTransaction = settings.transaction() == TransactionMode.SAME;
        IdempotencyEngine engine = runtime.engine(settings.transaction());
        if (inTransaction) {
            runtime.requireTransaction(target);
        }
        Decision decision = engine.begin(new RecordId(SCOPE, key), fingerprint(arguments), settings);
        if (decision instanceof Decision.Proceed proceed) {
            return run(invocation, proceed.lease(), engine, inTransaction);
        }
        if (decision instanceof Decision.Replay replay) {
            return replay(replay.response());
        }
        if (decision instanceof Decision.Reject reject) {
            throw rejection(reject, key);
        }
        return invocation.proceed();
    }

    private Object run(InvocationContext invocation, Lease lease, IdempotencyEngine engine, boolean strict) throws Exception {
        Object result;
        try {
            result = invocation.proceed();
        } catch (Exception e) {
            settleFailure(lease, engine, strict, e);
            throw e;
        }
        byte[] json;
        try {
            json = isVoid() ? new byte[0] : jsonb.toJson(unwrapOptional(result)).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "Idem could not record the result of " + target + " for " + lease.id()
                    + " as JSON; the key is released");
            engine.abandon(lease, "unserialisable result", strict);
            return result;
        }
        if (strict) {
            try {
                engine.finishInTransaction(lease, RETURNED, Map.of(), json, json.length);
            } catch (KeyTakenException e) {
                runtime.rollbackCallerTransaction(); // this call's work goes; the caller retries and gets the other's outcome
                throw new IdempotencyInFlightException(target + " with key '" + lease.id().key()
                        + "': another call recorded this key first; this call's work is rolled back", 1);
            }
        } else {
            engine.finish(lease, RETURNED, Map.of(), json, json.length);
        }
        return result;
    }

    /** Records or releases after the method threw; a store failure never hides the method's exception. */
    private void settleFailure(Lease lease, IdempotencyEngine engine, boolean strict, Exception thrown) {
        try {
            if (settings.records(thrown)) {
                byte[] message = jsonb.toJson(thrown.getMessage()).getBytes(StandardCharsets.UTF_8);
                engine.record(lease, new StoredResponse(THREW,
                        Map.of(EXCEPTION_HEADER, List.of(thrown.getClass().getName())), message), strict);
            } else if (strict) {
                runtime.rollbackCallerTransaction(); // claim and business work go together
            } else {
                engine.abandon(lease, "the method threw " + thrown.getClass().getName());
            }
        } catch (KeyTakenException taken) {
            runtime.rollbackCallerTransaction(); // the recorded exception goes with this call's work
            thrown.addSuppressed(taken);
        } catch (RuntimeException storeFailure) {
            thrown.addSuppressed(storeFailure);
        }
    }

    private Object replay(StoredResponse recorded) throws Exception {
        String body = new String(recorded.body(), StandardCharsets.UTF_8);
        List<String> exception = recorded.headers().get(EXCEPTION_HEADER);
        if (exception != null && !exception.isEmpty()) {
            throw RecordedExceptions.recreate(exception.get(0), jsonb.fromJson(body, String.class), method);
        }
        if (isVoid()) {
            return null;
        }
        Type type = method.getGenericReturnType();
        if (method.getReturnType() == Optional.class) {
            Object value = body.isEmpty() || body.equals("null") ? null : jsonb.fromJson(body, optionalContent(type));
            return Optional.ofNullable(value);
        }
        return jsonb.fromJson(body, type);
    }

    private RuntimeException rejection(Decision.Reject reject, String key) {
        String where = target + " with key '" + key + "': " + reject.detail();
        return switch (reject.problem()) {
            case KEY_REUSED -> new IdempotencyKeyReusedException(where);
            case IN_FLIGHT -> new IdempotencyInFlightException(where, reject.retryAfterSeconds());
            case STORE_UNAVAILABLE -> new IdempotencyStoreUnavailableException(where);
            case RECORD_UNREADABLE -> new IdempotencyRecordUnreadableException(where);
            default -> new IdempotencyKeyInvalidException(where);
        };
    }

    /** The method, and every argument but the key, as JSON. */
    private String fingerprint(Object[] arguments) {
        List<Object> others = new ArrayList<>(arguments.length);
        for (int i = 0; i < arguments.length; i++) {
            if (i != keyIndex) {
                others.add(arguments[i]);
            }
        }
        byte[] json = jsonb.toJson(others).getBytes(StandardCharsets.UTF_8);
        return Fingerprints.of("CDI", target + descriptor(), null, json, json.length);
    }

    private String descriptor() {
        StringBuilder out = new StringBuilder("(");
        for (Class<?> parameter : method.getParameterTypes()) {
            out.append(parameter.getName()).append(';');
        }
        return out.append(')').toString();
    }

    private boolean isVoid() {
        return method.getReturnType() == void.class || method.getReturnType() == Void.class;
    }

    private static Object unwrapOptional(Object value) {
        return value instanceof Optional<?> optional ? optional.orElse(null) : value;
    }

    private static Type optionalContent(Type optionalType) {
        return optionalType instanceof ParameterizedType parameterized
                ? parameterized.getActualTypeArguments()[0]
                : Object.class;
    }
}
