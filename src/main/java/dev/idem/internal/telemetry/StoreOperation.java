package dev.idem.internal.telemetry;

/** The store operations the {@code idem.store} timer distinguishes, by its {@code operation} tag. */
enum StoreOperation {
    CLAIM("claim"),
    READ("read"),
    TAKE_OVER("take_over"),
    COMPLETE("complete"),
    RELEASE("release"),
    PURGE("purge");

    private final String tag;

    StoreOperation(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }
}
