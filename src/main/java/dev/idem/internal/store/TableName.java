package dev.idem.internal.store;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The name of the records table: an unquoted PostgreSQL identifier of at most 63 characters
 * (letters, digits and underscores, not starting with a digit), optionally qualified by a schema
 * name of the same form, as in {@code idem.idem_record}. PostgreSQL folds unquoted names to
 * lower case, and so does this class.
 */
public final class TableName {
    /** The table name used unless one is configured. */
    public static final String DEFAULT = "idem_record";

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String schema;
    private final String table;

    private TableName(String schema, String table) {
        this.schema = schema;
        this.table = table;
    }

    /**
     * Parses and validates {@code name}.
     *
     * @throws IllegalArgumentException when it is not a plain or schema-qualified identifier
     */
    public static TableName of(String name) {
        if (name == null) {
            throw new IllegalArgumentException("Invalid table name: null");
        }
        String folded = name.strip().toLowerCase(Locale.ROOT);
        int dot = folded.indexOf('.');
        String schema = dot < 0 ? null : folded.substring(0, dot);
        String table = folded.substring(dot + 1);
        if (!table.isEmpty() && IDENTIFIER.matcher(table).matches()
                && (schema == null || IDENTIFIER.matcher(schema).matches())) {
            return new TableName(schema, table);
        }
        throw new IllegalArgumentException("Invalid table name '" + name
                + "': must be an unquoted SQL identifier (letters, digits, underscores, at most 63 characters),"
                + " optionally qualified by a schema as in schema.table");
    }

    /** The name as written in SQL statements, schema-qualified when a schema was given. */
    public String qualified() {
        return schema == null ? table : schema + "." + table;
    }

    /** The table's own name, without schema: the prefix of its index and constraint names. */
    public String simpleName() {
        return table;
    }

    public boolean isDefault() {
        return schema == null && table.equals(DEFAULT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableName other && qualified().equals(other.qualified());
    }

    @Override
    public int hashCode() {
        return qualified().hashCode();
    }

    @Override
    public String toString() {
        return qualified();
    }
}
