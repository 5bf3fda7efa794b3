/**
 * Ingot's API: what the CLI and the Maven plugin call. {@link dev.ingot.api.Ingot}
 * builds images into the content-addressed store, runs them as instances
 * ({@link dev.ingot.api.RunHandle}), lists, stops and removes them, and
 * prunes the store. Failures are checked {@link dev.ingot.core.IngotException}s
 * (usage, not found, conflict, damaged file); exit codes are the CLI's
 * business. Data crosses as immutable records (specs, manifests, instance
 * states) that are also what is stored as JSON.
 */
package dev.ingot.api;
