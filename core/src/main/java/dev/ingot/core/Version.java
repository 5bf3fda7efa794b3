package dev.ingot.core;

/** Ingot's version, shown by `ingot version` and recorded in image manifests. */
public final class Version {
    public static final String VERSION = "0.1.0";

    private Version() {
    }
}
