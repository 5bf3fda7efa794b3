package dev.ingot.cli;

import dev.ingot.core.IngotException;
import dev.ingot.core.spec.KernelKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KernelFlagsTest {
    @Test
    void trace_onLinux_refusedNamingNative() {
        assertThatThrownBy(() -> new KernelFlags(true, false, false, false).check(KernelKind.LINUX))
                .isInstanceOf(IngotException.class).hasMessageContaining("--kernel native")
                .satisfies(e -> assertThat(((IngotException) e).exitCode()).isEqualTo(ExitCode.USAGE.code));
    }

    @Test
    void everyFlag_onNative_isAccepted() throws Exception {
        KernelFlags all = new KernelFlags(true, true, true, false);
        all.check(KernelKind.NATIVE);
        assertThat(all.words(KernelKind.NATIVE)).containsExactly("ingot.trace=1", "ingot.aslr=0", "ingot.debug=1");
    }

    @Test
    void noAslrAndKernelDebug_onLinux_becomeLinuxWords() throws Exception {
        KernelFlags f = new KernelFlags(false, true, true, false);
        f.check(KernelKind.LINUX);
        assertThat(f.words(KernelKind.LINUX)).containsExactly("norandmaps", "loglevel=7", "printk.time=1");
    }

    @Test
    void missingFiles_isTheSameWordOnBothKernels() throws Exception {
        KernelFlags f = new KernelFlags(false, false, false, true);
        f.check(KernelKind.LINUX);
        f.check(KernelKind.NATIVE);
        assertThat(f.words(KernelKind.LINUX)).containsExactly("ingot.missing=1");
        assertThat(f.words(KernelKind.NATIVE)).containsExactly("ingot.missing=1");
    }
}
