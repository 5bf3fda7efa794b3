package dev.ingot.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Booting an exported disk as a user would, outside Ingot: the seed's plain
 * qemu command (shared/seeds/003) with the disk alone on virtio-blk, no
 * -kernel, user networking and the console on the serial port, plus TCG
 * (no usable KVM here).
 */
final class PlainQemu {
    private PlainQemu() {
    }

    /**
     * @param format   QEMU's name of the disk's format (raw, qcow2, vpc ...)
     * @param hostfwd  a port forward such as {@code tcp::18080-:8080}, or null
     * @param exitPort put isa-debug-exit at the boot protocol's exit port (0xf4), so QEMU ends with the
     *                 program's status; the seed's bare {@code isa-debug-exit} (0x501) leaves a halted guest
     */
    static ProcessBuilder command(Path disk, String format, String memory, String hostfwd, boolean exitPort) {
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", "tcg", "-cpu", "max",
                "-drive", "file=" + disk + ",format=" + format + ",if=none,id=hd0", "-device", "virtio-blk,drive=hd0",
                "-device", "virtio-net,netdev=n0", "-netdev", "user,id=n0" + (hostfwd == null ? "" : ",hostfwd=" + hostfwd),
                "-nodefaults", "-no-reboot", "-device", exitPort ? "isa-debug-exit,iobase=0xf4,iosize=4" : "isa-debug-exit",
                "-m", memory, "-display", "none", "-serial", "stdio"));
        return new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }

    /** How a program booted from a disk ended: its exit status and the console (CRLF read as LF). */
    record Ended(int status, String console) {}

    /** Boots a raw disk whose program exits, and waits for it; the console goes to {@code console} as well. */
    static Ended runToExit(Path disk, String memory, Path console, Duration timeout) throws IOException, InterruptedException {
        Process qemu = command(disk, "raw", memory, null, true).redirectOutput(console.toFile()).redirectErrorStream(true).start();
        try {
            if (!qemu.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("qemu booting " + disk + " did not end in " + timeout + "; console: " + Files.readString(console));
            }
        } finally {
            qemu.destroyForcibly();
            qemu.waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(console, StandardCharsets.UTF_8).replace("\r\n", "\n");
        int code = qemu.exitValue();
        // isa-debug-exit makes QEMU exit with (status << 1) | 1; anything else means it did not go that way.
        if ((code & 1) == 0) throw new AssertionError("qemu exited " + code + ", not through isa-debug-exit; console: " + text);
        return new Ended(code >> 1, text);
    }
}
