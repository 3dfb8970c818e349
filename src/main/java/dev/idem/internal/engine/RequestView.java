package dev.idem.internal.engine;

import java.util.List;

/** What the engine needs to know of an HTTP request; the JAX-RS adapter implements it. */
public interface RequestView {

    String method();

    /** The request path, as routed (without the query string). */
    String path();

    /** The raw query string without {@code ?}, or {@code null}. */
    String query();

    /** Every value of the named request header; {@code null} or empty when absent. */
    List<String> header(String name);

    /** The authenticated principal's name, or {@code null}. */
    String principal();

    /**
     * Reads the whole request body, keeping it readable for the operation afterwards.
     *
     * @return the body, or {@code null} when it is longer than {@code limit} bytes
     */
    Body body(long limit);

    /** Body bytes; only the first {@code length} count (the array may be a larger buffer). */
    record Body(byte[] bytes, int length) {
    }
}
