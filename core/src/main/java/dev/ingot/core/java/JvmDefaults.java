package dev.ingot.core.java;

import java.util.ArrayList;
import java.util.List;

/**
 * JVM options fit for a VM that runs nothing but the JVM. They come before
 * the user's jvmArgs, so any of them can be overridden there (the JVM takes
 * the last of two conflicting options).
 */
public final class JvmDefaults {
    /**
     * Below this the JVM's own ergonomics call a machine "client class" and
     * pick SerialGC anyway (1792 MB, HotSpot's server-class threshold); saying
     * it outright keeps the choice the same with more vCPUs.
     */
    static final long SERIAL_GC_BELOW = 1792L << 20;
    /**
     * The heap may take three quarters of guest memory: the JVM's default of
     * a quarter assumes other processes share the machine, and here none do.
     * The rest is for metaspace, code cache, thread stacks and the kernel.
     */
    static final int MAX_RAM_PERCENTAGE = 75;

    private JvmDefaults() {
    }

    public static List<String> forMemory(long guestMemoryBytes) {
        List<String> out = new ArrayList<>();
        out.add("-XX:MaxRAMPercentage=" + MAX_RAM_PERCENTAGE);
        if (guestMemoryBytes < SERIAL_GC_BELOW) out.add("-XX:+UseSerialGC");
        // No /tmp/hsperfdata_<user> file: nothing in the VM reads it (jstat,
        // jcmd attach from the host cannot reach it) and it costs a page per write.
        out.add("-XX:-UsePerfData");
        return out;
    }
}
