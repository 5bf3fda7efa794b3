package dev.ingot.core.spec;

import dev.ingot.core.IngotException;
import dev.ingot.core.UsageException;

/** Which kernel an image boots: a specialised Linux, or Ingot's own. */
public enum KernelKind {
    /**
     * Minimum 43 MiB, bisected under TCG on Debian 12 (QEMU 7.2, microvm):
     * hello boots from 29M (28M hangs, 20-24M panic with an empty console,
     * 16M hangs) and the Go echo server serves from 43M (at 42M Go's runtime
     * fails "out of memory allocating heap arena map").
     */
    LINUX(43),
    /**
     * Minimum 7 MiB, bisected the same way: hello runs from 3M (2M:
     * "virtio-net: out of memory for buffers"; 1M hangs) and the Go echo
     * server serves from 7M (6M: "out of memory loading the program").
     */
    NATIVE(7);

    /**
     * The kernel an image boots when nothing names one: Ingot's own, which
     * boots about 10x faster and serves nginx and redis 3-4x faster than the
     * Linux backend here (bench/README.md). Programs that fork or exec, or
     * need more than one CPU, name linux (README.md, "Which kernel").
     */
    public static final KernelKind DEFAULT = NATIVE;

    private final long minMemoryMib;

    KernelKind(long minMemoryMib) {
        this.minMemoryMib = minMemoryMib;
    }

    /** The least guest memory this kernel boots hello and serves echo with (measured; see docs/cli.md). */
    public long minMemoryBytes() {
        return minMemoryMib << 20;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase();
    }

    public static KernelKind parse(String text, String where) throws IngotException {
        for (KernelKind k : values()) {
            if (k.id().equals(text)) return k;
        }
        throw new UsageException("bad kernel '" + text + "' in " + where + ": use linux or native");
    }

    /** The JSON form is {@link #id()}; an unknown value is an error, never a default. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static KernelKind fromId(String id) {
        for (KernelKind v : values()) if (v.id().equals(id)) return v;
        throw new IllegalArgumentException("unknown kernelkind '" + id + "'");
    }
}
