package dev.ingot.core.instance;

import dev.ingot.core.hypervisor.Accel;
import dev.ingot.core.hypervisor.QemuCommand;
import dev.ingot.core.image.Image;
import dev.ingot.core.image.ImageManifest;
import dev.ingot.core.elf.ElfKind;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.store.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceLauncherTest {
    @TempDir Path root;

    private static Image image() {
        ImageManifest m = ImageManifest.of("hello", Instant.EPOCH,
                "0.1.0", new ImageManifest.Run(KernelKind.NATIVE, List.of("/app/hello", "two words"), Map.of(), List.of(),
                64L << 20, 1),
                new ImageManifest.Part(Digest.of("k".getBytes()), 1), new ImageManifest.Part(Digest.of("r".getBytes()), 1), null,
                new ImageManifest.Program("/h/hello", "/app/hello", ElfKind.STATIC, null, List.of()));
        return new Image(Digest.of("m".getBytes()), m, Path.of("/store/blobs/sha256/kk"), Path.of("/store/blobs/sha256/rr"));
    }

    private static RunOptions options(String name, boolean detached, boolean rm) {
        return new RunOptions(name, List.of(), 64L << 20, 1, Accel.TCG, List.of(), detached, rm);
    }

    @Test
    void pasteableCommand_hasTheConsoleOnTheTerminal_andNoInstanceFiles() {
        List<String> cmd = new InstanceLauncher(new InstanceStore(root)).pasteableCommand(image(), options(null, false, false), null);
        String line = QemuCommand.toShell(cmd);
        assertThat(line).contains("-serial stdio").contains("-chardev null,id=ctl").doesNotContain("-qmp")
                .doesNotContain("instances/").contains("-kernel /store/blobs/sha256/kk -initrd /store/blobs/sha256/rr");
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void precheck_refusesRmWithDetach_andATakenName() throws Exception {
        InstanceLauncher launcher = new InstanceLauncher(new InstanceStore(root));
        assertThatThrownBy(() -> launcher.precheck(options(null, true, true))).hasMessageContaining("--rm goes with a foreground run");
        assertThatThrownBy(() -> launcher.precheck(options("../x", false, false))).hasMessageContaining("bad instance name");
        new InstanceStore(root).create(InstanceStateJsonTest.sample("0123456789ab", "taken"));
        assertThatThrownBy(() -> launcher.precheck(options("taken", false, false))).hasMessageContaining("instance name taken is taken");
    }
}
