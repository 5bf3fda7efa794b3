package dev.ingot.core.disk;

import dev.ingot.core.IngotException;
import dev.ingot.core.hypervisor.Accel;
import dev.ingot.core.hypervisor.QemuCommand;
import dev.ingot.core.kernel.KernelArtifacts;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.util.IngotHome;
import dev.ingot.core.util.Progress;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes a boot disk from a built image's kernel and rootfs, until the
 * image store and the CLI do it themselves (tests/disk/boot-disk.sh uses it):
 * <pre>
 *   java -Dingot.dist=CHECKOUT -cp core/target/classes dev.ingot.core.disk.DiskImageMain \
 *        linux|native KERNEL ROOTFS OUT.img [WORD...]
 * </pre>
 * The command line is the one the toolchain gives that kernel under TCG
 * today ({@link QemuCommand#kernelCommandLine}), plus the extra words.
 */
public final class DiskImageMain {
    private DiskImageMain() {}

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: DiskImageMain linux|native KERNEL ROOTFS OUT.img [KERNEL-WORD...]");
            System.exit(2);
        }
        try {
            KernelKind kind = KernelKind.parse(args[0], "the first argument");
            String cmdline = QemuCommand.kernelCommandLine(kind, Accel.TCG, Arrays.asList(args).subList(4, args.length));
            Path loader = new KernelArtifacts(KernelArtifacts.distFromEnvironment(), IngotHome.fromEnvironment(),
                    Progress.silent()).diskLoader();
            DiskLayout l = new DiskImageWriter(loader).write(Path.of(args[1]), Path.of(args[2]), cmdline, Path.of(args[3]));
            System.out.printf("%s: %d MiB, kernel at LBA %d (%d bytes), rootfs at LBA %d (%d bytes), cmdline \"%s\"%n",
                    args[3], l.totalBytes() >> 20, l.kernelLba(), l.kernelBytes(), l.rootfsLba(), l.rootfsBytes(), l.cmdline());
        } catch (IngotException e) {
            System.err.println("ingot: " + e.getMessage());
            System.exit(1);
        }
    }
}
