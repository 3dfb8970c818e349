package dev.idem.internal.store;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A parameter bound as a PostgreSQL array ({@code java.sql.Connection#createArrayOf}); only
 * {@link Statements} that {@linkplain Statements#bindsArrays() bind arrays} take it.
 *
 * @param type     the element type as the driver names it ({@code int4}, {@code int8}, {@code text},
 *                 {@code varchar}, {@code bytea})
 * @param elements the elements: {@link Integer}, {@link Long}, {@link String} or {@code byte[]}
 */
record SqlArray(String type, Object[] elements) {

    /** One array of one property of each of {@code items}. */
    static <T> SqlArray of(String type, List<T> items, Function<T, ?> property) {
        Object[] elements = type.equals("bytea") ? new byte[items.size()][] : new Object[items.size()];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = property.apply(items.get(i));
        }
        return new SqlArray(type, elements);
    }

    /**
     * An instant as the text of a {@code timestamptz} element: rounded to the microsecond as the
     * PostgreSQL driver rounds a bound timestamp (from 500 ns up), so that a batch writes exactly
     * the instant a lone statement would.
     */
    static String instant(Instant instant) {
        Instant rounded = instant.getNano() % 1000 >= 500
                ? instant.plusNanos(1000 - instant.getNano() % 1000)
                : instant.minusNanos(instant.getNano() % 1000);
        return rounded.toString();
    }
}
