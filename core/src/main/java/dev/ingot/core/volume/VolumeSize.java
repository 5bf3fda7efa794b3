package dev.ingot.core.volume;

import dev.ingot.core.UsageException;

/**
 * Parses a volume size: a number with K, M, G or T (binary units, as mkfs
 * and QEMU read them), at least 1M (mkfs.ext2 needs room for its tables)
 * and at most 1T, in whole MiB so the file is a whole number of blocks.
 */
public final class VolumeSize {
    static final long MIN = 1L << 20;
    static final long MAX = 1L << 40;

    private VolumeSize() {
    }

    public static long parse(String text) throws UsageException {
        String t = text.trim().toUpperCase();
        if (t.endsWith("IB")) t = t.substring(0, t.length() - 2);
        else if (t.endsWith("B")) t = t.substring(0, t.length() - 1);
        long unit = 0;
        if (!t.isEmpty()) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 'K' -> 1L << 10;
                case 'M' -> 1L << 20;
                case 'G' -> 1L << 30;
                case 'T' -> 1L << 40;
                default -> 0;
            };
        }
        long n;
        try {
            n = unit == 0 ? -1 : Long.parseLong(t.substring(0, t.length() - 1));
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n <= 0) throw new UsageException("bad volume size '" + text + "': write a number with a unit, e.g. 64M or 2G");
        if (n > MAX / unit || n * unit < MIN || n * unit > MAX) {
            throw new UsageException("volume size '" + text + "' is out of range: use 1M to 1T");
        }
        if (n * unit % MIN != 0) {
            throw new UsageException("volume size '" + text + "' is not a whole number of MiB: write e.g. 64M");
        }
        return n * unit;
    }
}
