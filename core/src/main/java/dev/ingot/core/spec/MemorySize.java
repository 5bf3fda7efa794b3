package dev.ingot.core.spec;

import dev.ingot.core.IngotException;

/** Parses memory sizes the way QEMU's -m reads them: a number of MiB, or with a K/M/G suffix. */
public final class MemorySize {
    /**
     * QEMU's -m counts whole MiB; each kernel has its own, larger minimum
     * ({@link KernelKind#minMemoryBytes()}, checked by {@link #checkFor}).
     * Above MAX_BYTES QEMU on these hosts refuses.
     */
    static final long MIN_BYTES = 1L << 20;
    static final long MAX_BYTES = 64L << 30;

    private MemorySize() {
    }

    public static long parse(String text, String where) throws IngotException {
        String t = text.trim().toUpperCase();
        if (t.endsWith("B")) t = t.substring(0, t.length() - 1);
        if (t.endsWith("I")) t = t.substring(0, t.length() - 1); // MiB, GiB
        long unit = 1L << 20;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                default -> unit = 0;
            }
            if (unit != 0) t = t.substring(0, t.length() - 1);
            else unit = 1L << 20;
        }
        long bytes;
        try {
            bytes = Long.parseLong(t) * unit;
        } catch (NumberFormatException e) {
            throw new IngotException("bad memory size '" + text + "' in " + where + ": write e.g. 64M or 1G", 2, null);
        }
        if (bytes < MIN_BYTES || bytes > MAX_BYTES) {
            throw new IngotException("memory size '" + text + "' in " + where + " is out of range: use 1M to 64G", 2, null);
        }
        if (bytes % MIN_BYTES != 0) {
            throw new IngotException("memory size '" + text + "' in " + where + " is not a whole number of MiB,"
                    + " which QEMU needs: write e.g. 64M", 2, null);
        }
        return bytes;
    }

    /**
     * Refuses guest memory below what the kernel needs to boot hello and
     * serve the echo example, measured (docs/cli.md, "Guest memory"): below
     * it Linux hangs or panics with an empty console, and native cannot set
     * up its devices or load the program.
     */
    public static void checkFor(KernelKind kernel, long bytes) throws IngotException {
        if (bytes < kernel.minMemoryBytes()) {
            throw new IngotException("guest memory " + toQemu(bytes) + " is too little for the " + kernel.id()
                    + " kernel: use at least " + toQemu(kernel.minMemoryBytes()) + " (-m " + toQemu(kernel.minMemoryBytes())
                    + ")", 2, null);
        }
    }

    /** The size in QEMU's -m syntax (whole MiB). */
    public static String toQemu(long bytes) {
        return (bytes >> 20) + "M";
    }
}
