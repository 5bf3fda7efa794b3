package dev.ingot.core.hypervisor;

import dev.ingot.core.spec.KernelKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The kernel command line a boot disk stores is the one -append carries (QemuCommand.kernelCommandLine). */
class QemuCommandLineTest {
    @Test
    void kernelCommandLine_native_isJustTheExtraWords() {
        assertThat(QemuCommand.kernelCommandLine(KernelKind.NATIVE, Accel.TCG, List.of("ingot.debug=1", "ingot.aslr=0")))
                .isEqualTo("ingot.debug=1 ingot.aslr=0");
    }

    @Test
    void kernelCommandLine_linuxUnderKvm_hasConsoleAndNoTcgWords() {
        String line = QemuCommand.kernelCommandLine(KernelKind.LINUX, Accel.KVM, List.of("ingot.trace=1"));
        assertThat(line).isEqualTo(QemuCommand.LINUX_CMDLINE + " ingot.trace=1");
    }

    @Test
    void kernelCommandLine_linuxUnderTcg_addsTheTimerWords() {
        assertThat(QemuCommand.kernelCommandLine(KernelKind.LINUX, Accel.TCG, List.of()))
                .startsWith(QemuCommand.LINUX_CMDLINE + " " + QemuCommand.LINUX_TCG_CMDLINE);
    }
}
