package dev.ingot.core.hypervisor;

import dev.ingot.core.GuestAbi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recovers the program's exit status (docs/boot-protocol.md, "Program exit"):
 * from the `ingot-exit S` record the guest writes on COM2 when present, since
 * that is exact for 0..255; otherwise from isa-debug-exit, which ends QEMU
 * with (S << 1) | 1 and so loses the top bit in an 8-bit process status.
 */
public final class ExitStatus {
    private static final Pattern RECORD = Pattern.compile(Pattern.quote(GuestAbi.EXIT_RECORD_PREFIX) + "(\\d{1,3})\\n");

    private ExitStatus() {
    }

    /** The status in the control-channel file, if the guest wrote one. */
    public static OptionalInt fromControlFile(Path file) {
        try {
            if (!Files.exists(file)) return OptionalInt.empty();
            return fromRecord(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    static OptionalInt fromRecord(String text) {
        Matcher m = RECORD.matcher(text);
        OptionalInt last = OptionalInt.empty();
        while (m.find()) {
            int s = Integer.parseInt(m.group(1));
            if (s <= 255) last = OptionalInt.of(s);
        }
        return last;
    }

    /** Decodes QEMU's own status when the guest left no record; empty for QEMU's failures. */
    public static OptionalInt fromQemuStatus(int qemuStatus) {
        if (qemuStatus > 1 && (qemuStatus & 1) == 1) return OptionalInt.of((qemuStatus - 1) / 2);
        return OptionalInt.empty();
    }
}
