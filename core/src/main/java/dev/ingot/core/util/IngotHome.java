package dev.ingot.core.util;

import java.nio.file.Path;

/**
 * Where Ingot keeps its state: $INGOT_HOME, else ~/.ingot.
 * images/NAME, instances/ID and cache/ live under it.
 */
public record IngotHome(Path root) {

    public static IngotHome fromEnvironment() {
        String env = System.getenv("INGOT_HOME");
        if (env != null && !env.isBlank()) return new IngotHome(Path.of(env).toAbsolutePath());
        return new IngotHome(Path.of(System.getProperty("user.home"), ".ingot"));
    }

    public Path images() {
        return root.resolve("images");
    }

    public Path instances() {
        return root.resolve("instances");
    }

    /**
     * Build products shared by everything (the Linux kernel, lwIP sources):
     * $INGOT_CACHE, else cache/ under the home. Tests give each run its own
     * home but share one cache, so the kernel is built once.
     */
    public Path cache() {
        String env = System.getenv("INGOT_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath();
        return root.resolve("cache");
    }
}
