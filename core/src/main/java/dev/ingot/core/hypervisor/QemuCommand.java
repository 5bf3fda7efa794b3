package dev.ingot.core.hypervisor;

import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.spec.MemorySize;
import dev.ingot.core.spec.PortForward;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the QEMU command line for one boot (docs/boot-protocol.md, "What the
 * hypervisor gives the guest"): microvm without ACPI, PVH -kernel plus
 * -initrd, COM1 console to a file, COM2 control channel, isa-debug-exit,
 * user networking with one hostfwd per port, and a QMP socket.
 */
public final class QemuCommand {
    public static final String QEMU = "qemu-system-x86_64";
    /**
     * Linux command line. quiet: the console is the program's; tsc_early_khz:
     * under TCG Linux can hang calibrating the TSC otherwise (shared/DESIGN.md);
     * panic=-1: a kernel panic ends the VM instead of hanging it.
     */
    static final String LINUX_CMDLINE = "console=ttyS0 quiet panic=-1 tsc_early_khz=2000000 i8042.noaux i8042.nokbd";

    /** Everything one boot needs; paths are the instance's files. */
    public record Boot(Path kernel, Path rootfs, KernelKind kernelKind, long memoryBytes, int cpus,
                       List<PortForward> ports, Accel accel, List<String> kernelArgs,
                       Path consoleLog, Path controlFile, Path qmpSocket) {}

    public static List<String> build(Boot b) {
        List<String> cmd = new ArrayList<>();
        cmd.add(QEMU);
        cmd.addAll(List.of("-M", "microvm,acpi=off", "-no-reboot"));
        if (b.accel() == Accel.KVM) cmd.addAll(List.of("-accel", "kvm", "-cpu", "host"));
        // qemu64 (the default model) lacks what current programs expect; max is TCG's most capable model.
        else cmd.addAll(List.of("-accel", "tcg", "-cpu", "max"));
        cmd.addAll(List.of("-m", MemorySize.toQemu(b.memoryBytes()), "-smp", String.valueOf(b.cpus())));
        cmd.addAll(List.of("-nodefaults", "-no-user-config", "-display", "none"));
        cmd.addAll(List.of("-chardev", "file,id=con,path=" + b.consoleLog(), "-serial", "chardev:con"));
        cmd.addAll(List.of("-chardev", "file,id=ctl,path=" + b.controlFile(),
                "-device", "isa-serial,chardev=ctl,iobase=0x2f8,irq=3"));
        cmd.addAll(List.of("-device", "isa-debug-exit,iobase=0xf4,iosize=4"));
        cmd.addAll(List.of("-netdev", netdev(b.ports()), "-device", "virtio-net-device,netdev=n0"));
        if (b.qmpSocket() != null) cmd.addAll(List.of("-qmp", "unix:" + b.qmpSocket() + ",server=on,wait=off"));
        cmd.addAll(List.of("-kernel", b.kernel().toString(), "-initrd", b.rootfs().toString()));
        cmd.addAll(List.of("-append", cmdline(b)));
        return cmd;
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
        List<String> words = new ArrayList<>();
        if (b.kernelKind() == KernelKind.LINUX) words.add(LINUX_CMDLINE);
        words.addAll(b.kernelArgs());
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
