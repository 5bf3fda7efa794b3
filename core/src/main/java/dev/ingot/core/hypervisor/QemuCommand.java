package dev.ingot.core.hypervisor;

import dev.ingot.core.GuestAbi;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.spec.MemorySize;
import dev.ingot.core.spec.PortForward;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the QEMU command line for one boot (docs/boot-protocol.md, "What the
 * hypervisor gives the guest"): microvm without ACPI, PVH -kernel plus
 * -initrd, COM1 console to a file, COM2 control channel, COM3 signal
 * channel (a socket), isa-debug-exit (ports from {@link GuestAbi}),
 * user networking with one hostfwd per port, and a QMP socket. A disk boot
 * (`ingot run --boot disk`) instead boots the image's raw disk on pc with
 * SeaBIOS and PCI devices (docs/disk.md), everything else the same.
 */
public final class QemuCommand {
    public static final String QEMU = "qemu-system-x86_64";
    /**
     * Linux command line (linux/README.md says what each word buys): quiet
     * loglevel=3 because the console is the program's; panic=-1 so a panic
     * ends QEMU (with -no-reboot) instead of hanging it.
     */
    static final String LINUX_CMDLINE = "console=ttyS0 quiet loglevel=3 panic=-1";
    /**
     * Only under TCG: skip timer calibrations that take ~0.3 s and fail on a
     * busy host, and lock-prefix rewriting that throws away translated code.
     */
    static final String LINUX_TCG_CMDLINE = "noapictimer no_timer_check noreplace-smp";

    /**
     * Everything one boot needs; paths are the instance's files.
     *
     * @param disk the image's boot disk for a disk boot (its command line is inside it), or null for -kernel
     */
    public record Boot(Path kernel, Path rootfs, KernelKind kernelKind, long memoryBytes, int cpus,
                       List<PortForward> ports, Accel accel, List<String> kernelArgs,
                       Path consoleLog, Path controlFile, Path qmpSocket, Path signalSocket, Path disk,
                       List<Disk> disks) {
        public Boot {
            disks = disks == null ? List.of() : List.copyOf(disks);
        }

        /** A boot with no volumes. */
        public Boot(Path kernel, Path rootfs, KernelKind kernelKind, long memoryBytes, int cpus,
                    List<PortForward> ports, Accel accel, List<String> kernelArgs,
                    Path consoleLog, Path controlFile, Path qmpSocket, Path signalSocket, Path disk) {
            this(kernel, rootfs, kernelKind, memoryBytes, cpus, ports, accel, kernelArgs, consoleLog, controlFile,
                    qmpSocket, signalSocket, disk, List.of());
        }
    }

    /**
     * A raw disk file attached as a virtio-blk device (a volume). The serial
     * (at most 20 bytes, virtio 5.2.6 GET_ID) names it to the guest.
     */
    public record Disk(Path file, String serial) {}

    /** The host's TSC rate in kHz, or 0 when unknown; see {@link #cmdline}. */
    static long hostTscKhz() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("cpu MHz")) {
                    return Math.round(Double.parseDouble(line.substring(line.indexOf(':') + 1).trim()) * 1000);
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    public static List<String> build(Boot b) {
        List<String> cmd = new ArrayList<>();
        cmd.add(QEMU);
        boolean disk = b.disk() != null;
        // A disk boot needs a BIOS to load the boot sector: pc (SeaBIOS), QEMU's default machine.
        cmd.addAll(List.of("-M", disk ? "pc" : "microvm,acpi=off", "-no-reboot"));
        if (b.accel() == Accel.KVM) cmd.addAll(List.of("-accel", "kvm", "-cpu", "host"));
        // qemu64 (the default model) lacks what current programs expect; max is TCG's most capable model.
        else cmd.addAll(List.of("-accel", "tcg", "-cpu", "max"));
        cmd.addAll(List.of("-m", MemorySize.toQemu(b.memoryBytes()), "-smp", String.valueOf(b.cpus())));
        cmd.addAll(List.of("-nodefaults", "-no-user-config", "-display", "none"));
        // Without files (--dry-run: a command to paste) the console is the terminal and the
        // control channel is dropped; the exit status then comes from isa-debug-exit alone.
        if (b.consoleLog() != null) {
            cmd.addAll(List.of("-chardev", "file,id=con,path=" + optionValue(b.consoleLog()), "-serial", "chardev:con"));
        } else {
            cmd.addAll(List.of("-serial", "stdio"));
        }
        cmd.addAll(List.of("-chardev", b.controlFile() != null ? "file,id=ctl,path=" + optionValue(b.controlFile()) : "null,id=ctl",
                "-device", "isa-serial,chardev=ctl,iobase=0x" + Integer.toHexString(GuestAbi.CONTROL_PORT)
                        + ",irq=" + GuestAbi.CONTROL_IRQ));
        cmd.addAll(SignalChannel.qemuOptions(b.signalSocket()));   // COM3: ingot stop's SIGTERM
        cmd.addAll(List.of("-device", "isa-debug-exit,iobase=0x" + Integer.toHexString(GuestAbi.DEBUG_EXIT_PORT)
                + ",iosize=" + GuestAbi.DEBUG_EXIT_SIZE));
        // On pc the virtio devices are PCI. romfile= leaves out virtio-net's iPXE option ROM, which
        // SeaBIOS would otherwise load and run at every boot for a network boot nobody asks for.
        cmd.addAll(List.of("-netdev", netdev(b.ports()),
                "-device", disk ? "virtio-net-pci,netdev=n0,romfile=" : "virtio-net-device,netdev=n0"));
        // Host entropy for the guest (virtio-rng); a kernel without the driver ignores the device.
        cmd.addAll(List.of("-object", "rng-random,id=rng0,filename=/dev/urandom",
                "-device", disk ? "virtio-rng-pci,rng=rng0" : "virtio-rng-device,rng=rng0"));
        for (int i = 0; i < b.disks().size(); i++) {
            Disk d = b.disks().get(i);
            // The word starts with file= so the volume store can tell which instances use a disk.
            // QEMU locks the file: a second QEMU cannot open it for writing while this one runs.
            cmd.addAll(List.of("-drive", "file=" + optionValue(d.file().toAbsolutePath()) + ",if=none,id=vol" + i
                    + ",format=raw,cache=writeback", "-device", (disk ? "virtio-blk-pci" : "virtio-blk-device")
                    + ",drive=vol" + i + ",serial=" + d.serial()));
        }
        if (b.qmpSocket() != null) cmd.addAll(List.of("-qmp", "unix:" + optionValue(b.qmpSocket()) + ",server=on,wait=off"));
        if (disk) {
            // Read-only: the disk is a blob other instances may boot at the same time.
            cmd.addAll(List.of("-drive", "file=" + optionValue(b.disk()) + ",format=raw,if=none,id=hd0,readonly=on",
                    "-device", "virtio-blk-pci,drive=hd0"));
            return cmd;
        }
        cmd.addAll(List.of("-kernel", b.kernel().toString(), "-initrd", b.rootfs().toString()));
        cmd.addAll(List.of("-append", cmdline(b)));
        return cmd;
    }

    /**
     * A path as the value inside a QEMU option string ("file,id=con,path=..."):
     * QEMU's option parser ends a value at ',' and reads ",," as one literal
     * comma (docs/system/invocation, "-chardev"; util/qemu-option.c), so an
     * INGOT_HOME like /tmp/a,b must reach it as /tmp/a,,b. Plain arguments
     * such as -kernel FILE take the path as it is and must not be escaped.
     * Every path that goes inside an option string (chardev, QMP socket,
     * -drive file=) must pass through here.
     */
    public static String optionValue(Path path) {
        return path.toString().replace(",", ",,");
    }

    static String netdev(List<PortForward> ports) {
        StringBuilder s = new StringBuilder("user,id=n0");
        for (PortForward p : ports) {
            s.append(",hostfwd=").append(p.protocol()).append(':').append(p.hostAddress()).append(':')
                    .append(p.hostPort()).append("-:").append(p.guestPort());
        }
        return s.toString();
    }

    static String cmdline(Boot b) {
        return kernelCommandLine(b.kernelKind(), b.accel(), b.kernelArgs());
    }

    /** The kernel command line for a kernel of this kind under this accelerator, plus extra words. */
    public static String kernelCommandLine(KernelKind kind, Accel accel, List<String> kernelArgs) {
        List<String> words = new ArrayList<>();
        if (kind == KernelKind.LINUX) {
            words.add(LINUX_CMDLINE);
            if (accel == Accel.TCG) {
                words.add(LINUX_TCG_CMDLINE);
                // Under TCG the guest TSC runs at the host's rate, but Linux's PIT calibration fails
                // on a busy host and falls back to a 10 ms jiffies clock: tell it the rate instead.
                long khz = hostTscKhz();
                if (khz > 0) words.add("tsc_early_khz=" + khz);
            }
        }
        words.addAll(kernelArgs);
        return String.join(" ", words);
    }

    /** The command as one shell line, quoted so it can be pasted. */
    public static String toShell(List<String> cmd) {
        StringBuilder s = new StringBuilder();
        for (String word : cmd) {
            if (!s.isEmpty()) s.append(' ');
            s.append(word.matches("[A-Za-z0-9_./:=,@%+-]+") ? word : "'" + word.replace("'", "'\\''") + "'");
        }
        return s.toString();
    }
}
