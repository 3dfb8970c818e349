package dev.idem.internal.store;

import java.io.Serializable;
import java.util.Objects;

/** The primary key of {@link IdemRecordEntity}: scope and idempotency key. */
public class IdemRecordKey implements Serializable {
    private static final long serialVersionUID = 1L;

    private String scope;
    private String key;

    public IdemRecordKey() {
    }

    public IdemRecordKey(String scope, String key) {
        this.scope = scope;
        this.key = key;
    }

    public String getScope() {
        return scope;
    }

    public void setScope(String scope) {
        this.scope = scope;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdemRecordKey other && Objects.equals(scope, other.scope) && Objects.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scope, key);
    }
}
