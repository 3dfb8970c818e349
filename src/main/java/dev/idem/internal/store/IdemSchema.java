package dev.idem.internal.store;

import dev.idem.spi.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The records table's DDL as shipped in {@value #RESOURCE}, and a way to run it.
 *
 * <p>The file is plain PostgreSQL, every statement guarded by {@code IF NOT EXISTS}, so running it
 * again, or from several application instances starting at once, is harmless.
 */
public final class IdemSchema {
    /** Class-path location of the DDL. */
    public static final String RESOURCE = "META-INF/idem/migration/R__idem_record.sql";

    private static final System.Logger LOG = System.getLogger(IdemSchema.class.getName());
    private static final Pattern LINE_COMMENT = Pattern.compile("--[^\\n]*");
    private static final Pattern DERIVED_NAME = Pattern.compile("\\b" + TableName.DEFAULT + "_(\\w+)");
    private static final Pattern TABLE_REFERENCE = Pattern.compile("\\b" + TableName.DEFAULT + "\\b");

    private IdemSchema() {
    }

    /**
     * The DDL statements for {@code table}, without comments or terminating semicolons. For a name
     * other than the default, the table references are replaced by the (qualified) name and the
     * index and constraint names, which start with the default name, by ones starting with the
     * table's own name.
     */
    public static List<String> statements(TableName table) {
        String ddl = LINE_COMMENT.matcher(readResource()).replaceAll("");
        if (!table.isDefault()) {
            ddl = DERIVED_NAME.matcher(ddl).replaceAll(Matcher.quoteReplacement(table.simpleName()) + "_$1");
            ddl = TABLE_REFERENCE.matcher(ddl).replaceAll(Matcher.quoteReplacement(table.qualified()));
        }
        List<String> statements = new ArrayList<>();
        for (String statement : ddl.split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }

    /**
     * Creates the table and its index unless they exist, in one transaction. When that fails but
     * the table exists (another instance created it at the same moment, or a DBA did and this
     * user may not create objects), the table is used as it is.
     *
     * @param tableName the table, optionally schema-qualified (see {@link TableName})
     * @throws StoreException when the table could not be created and does not exist
     * @throws IllegalArgumentException when the table name is invalid
     */
    public static void create(TransactionRunner transactions, String tableName) {
        TableName table = TableName.of(tableName);
        List<String> statements = statements(table);
        RuntimeException failure;
        try {
            execute(transactions, statements);
            return;
        } catch (RuntimeException e) {
            failure = e;
        }
        if (!exists(transactions, table, failure)) {
            throw new StoreException("Could not create table " + table, failure);
        }
        try {
            // A creator racing this one has committed by now; this run adds whatever is still missing.
            execute(transactions, statements);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Table " + table + " exists but its DDL could not be run; using it as it is", e);
        }
    }

    /** Whether {@code table} exists and is visible to the current user. */
    public static boolean exists(TransactionRunner transactions, TableName table) {
        try {
            return !transactions.inTransaction(em -> em.createNativeQuery("SELECT 1 WHERE to_regclass(?1) IS NOT NULL")
                    .setParameter(1, table.qualified())
                    .getResultList())
                    .isEmpty();
        } catch (RuntimeException e) {
            throw new StoreException("Could not check whether table " + table + " exists", e);
        }
    }

    private static boolean exists(TransactionRunner transactions, TableName table, RuntimeException failure) {
        try {
            return exists(transactions, table);
        } catch (StoreException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    private static void execute(TransactionRunner transactions, List<String> statements) {
        transactions.inTransaction(em -> {
            for (String statement : statements) {
                em.createNativeQuery(statement).executeUpdate();
            }
            return null;
        });
    }

    private static String readResource() {
        try (InputStream in = IdemSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + RESOURCE, e);
        }
    }
}
