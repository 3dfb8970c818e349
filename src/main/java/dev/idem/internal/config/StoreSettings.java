package dev.idem.internal.config;

import java.time.Duration;

/**
 * Settings of the store as a whole (global only).
 *
 * @param cleanupInterval  pause between background purges of expired records
 * @param cleanupBatchSize records deleted per purge transaction
 * @param schemaCreate     create the table at start-up when missing
 * @param table            table name, optionally schema-qualified
 */
public record StoreSettings(Duration cleanupInterval, int cleanupBatchSize, boolean schemaCreate, String table) {
}
