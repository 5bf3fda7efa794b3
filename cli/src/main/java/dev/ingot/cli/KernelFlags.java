package dev.ingot.cli;

import dev.ingot.core.GuestAbi;
import dev.ingot.core.IngotException;
import dev.ingot.core.spec.KernelKind;

import java.util.ArrayList;
import java.util.List;

/**
 * `ingot run`'s kernel debugging flags, as kernel command-line words for the
 * kernel the image boots. A flag a kernel cannot honour is refused, never
 * silently dropped: --trace needs the native kernel's system call tracer.
 * On Linux, --no-aslr is `norandmaps` and --kernel-debug shows the kernel's
 * own messages with timestamps (loglevel=7 after our `quiet loglevel=3`,
 * which the later word overrides). --missing-files is the same word on both:
 * the native kernel records failed lookups itself, Linux's init shim follows
 * the program with ptrace (linux/init/trace.c).
 */
record KernelFlags(boolean trace, boolean noAslr, boolean kernelDebug, boolean missingFiles) {

    void check(KernelKind kernel) throws IngotException {
        if (trace && kernel != KernelKind.NATIVE) {
            throw new IngotException("--trace needs the native kernel's system call tracer: use --kernel native, the default"
                    + " (this image boots the " + kernel.id() + " kernel)", ExitCode.USAGE.code, null);
        }
    }

    List<String> words(KernelKind kernel) {
        List<String> out = new ArrayList<>();
        if (kernel == KernelKind.NATIVE) {
            if (trace) out.add(GuestAbi.CMDLINE_TRACE);
            if (noAslr) out.add(GuestAbi.CMDLINE_NO_ASLR);
            if (kernelDebug) out.add(GuestAbi.CMDLINE_DEBUG);
            if (missingFiles) out.add(GuestAbi.CMDLINE_MISSING);
        } else {
            if (noAslr) out.add("norandmaps");
            if (kernelDebug) out.addAll(List.of("loglevel=7", "printk.time=1"));
            if (missingFiles) out.add(GuestAbi.CMDLINE_MISSING); // the init shim traces the program
        }
        return out;
    }
}
