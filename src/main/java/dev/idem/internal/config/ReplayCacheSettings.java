package dev.idem.internal.config;

/**
 * Bounds of the in-memory replay cache (global only); either one at 0 turns it off.
 *
 * @param maxEntries most finished records held
 * @param maxBytes   most bytes held (bodies, headers and a fixed overhead per record)
 */
public record ReplayCacheSettings(int maxEntries, long maxBytes) {
}
