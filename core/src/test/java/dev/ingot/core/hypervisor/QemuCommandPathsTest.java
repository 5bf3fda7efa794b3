package dev.ingot.core.hypervisor;

import dev.ingot.core.spec.KernelKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Paths with commas (an INGOT_HOME like /tmp/a,b) inside QEMU option strings. */
class QemuCommandPathsTest {
    private static final Path HOME = Path.of("/tmp/a,b/c,,d");

    private static List<String> command() {
        return QemuCommand.build(new QemuCommand.Boot(HOME.resolve("kernel"), HOME.resolve("rootfs.cpio"), KernelKind.NATIVE,
                64L << 20, 1, List.of(), Accel.TCG, List.of(), HOME.resolve("console.log"), HOME.resolve("control"),
                HOME.resolve("qmp.sock"), HOME.resolve("signal.sock"), null));
    }

    private static String after(List<String> cmd, String flag, String startingWith) {
        for (int i = 0; i + 1 < cmd.size(); i++) {
            if (cmd.get(i).equals(flag) && cmd.get(i + 1).startsWith(startingWith)) return cmd.get(i + 1);
        }
        throw new AssertionError("no " + flag + " " + startingWith + " in " + cmd);
    }

    @Test
    void optionStrings_doubleEveryComma() {
        List<String> cmd = command();
        assertThat(after(cmd, "-chardev", "file,id=con,")).isEqualTo("file,id=con,path=/tmp/a,,b/c,,,,d/console.log");
        assertThat(after(cmd, "-chardev", "file,id=ctl,")).isEqualTo("file,id=ctl,path=/tmp/a,,b/c,,,,d/control");
        assertThat(after(cmd, "-qmp", "unix:")).isEqualTo("unix:/tmp/a,,b/c,,,,d/qmp.sock,server=on,wait=off");
        assertThat(after(cmd, "-chardev", "socket,id=sig,")).isEqualTo("socket,id=sig,path=/tmp/a,,b/c,,,,d/signal.sock,server=on,wait=off");
    }

    @Test
    void plainFileArguments_stayAsTheyAre() {
        List<String> cmd = command();
        assertThat(after(cmd, "-kernel", "/")).isEqualTo("/tmp/a,b/c,,d/kernel");
        assertThat(after(cmd, "-initrd", "/")).isEqualTo("/tmp/a,b/c,,d/rootfs.cpio");
    }

    @Test
    void diskBoot_pcWithTheDiskReadOnlyOnVirtioBlkPci_andNoKernel() {
        List<String> cmd = QemuCommand.build(new QemuCommand.Boot(HOME.resolve("kernel"), HOME.resolve("rootfs.cpio"),
                KernelKind.NATIVE, 64L << 20, 1, List.of(), Accel.TCG, List.of(), null, null, null, null, HOME.resolve("disk")));
        assertThat(after(cmd, "-M", "")).isEqualTo("pc");
        assertThat(after(cmd, "-drive", "file=")).isEqualTo("file=/tmp/a,,b/c,,,,d/disk,format=raw,if=none,id=hd0,readonly=on");
        assertThat(after(cmd, "-device", "virtio-blk")).isEqualTo("virtio-blk-pci,drive=hd0");
        assertThat(after(cmd, "-device", "virtio-net")).isEqualTo("virtio-net-pci,netdev=n0,romfile=");
        assertThat(cmd).doesNotContain("-kernel", "-initrd", "-append");
    }

    @Test
    void optionValue_leavesOrdinaryPathsAlone() {
        assertThat(QemuCommand.optionValue(Path.of("/home/u/.ingot/x"))).isEqualTo("/home/u/.ingot/x");
    }
}
