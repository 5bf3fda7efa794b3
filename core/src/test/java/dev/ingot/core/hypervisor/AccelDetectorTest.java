package dev.ingot.core.hypervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccelDetectorTest {
    @TempDir Path root;

    private AccelDetector machine(boolean kvmDevice, boolean pvm, String flags) throws Exception {
        Path sys = Files.createDirectories(root.resolve("sys/module"));
        if (pvm) Files.createDirectories(sys.resolve("kvm_pvm"));
        Path proc = Files.createDirectories(root.resolve("proc"));
        Files.writeString(proc.resolve("cpuinfo"), "processor\t: 0\nflags\t\t: fpu " + flags + " sse2\n");
        Path dev = Files.createDirectories(root.resolve("dev"));
        if (kvmDevice) Files.createFile(dev.resolve("kvm"));
        return new AccelDetector(root.resolve("sys"), proc, dev);
    }

    @Test
    void choose_auto_nestedParavirtualKvmFallsBackToTcg() throws Exception {
        AccelDetector.Choice c = machine(true, true, "hypervisor").choose(Accel.AUTO);
        assertThat(c.accel()).isEqualTo(Accel.TCG);
        assertThat(c.reason()).contains("kvm_pvm");
    }

    @Test
    void choose_auto_realKvm() throws Exception {
        assertThat(machine(true, false, "vmx").choose(Accel.AUTO).accel()).isEqualTo(Accel.KVM);
    }

    @Test
    void choose_auto_noDeviceOrNoVmx() throws Exception {
        assertThat(machine(false, false, "vmx").choose(Accel.AUTO).reason()).contains("no /dev/kvm");
        Files.walk(root).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        assertThat(machine(true, false, "").choose(Accel.AUTO).reason()).contains("no vmx/svm");
    }

    @Test
    void choose_kvmWhereUnusableIsAClearError() throws Exception {
        assertThatThrownBy(() -> machine(true, true, "").choose(Accel.KVM))
                .hasMessageContaining("KVM is not usable here").hasMessageContaining("--accel tcg");
    }

    @Test
    void exitStatus_recordThenQemuCode() {
        assertThat(ExitStatus.fromRecord("ingot-exit 200\n")).hasValue(200);
        assertThat(ExitStatus.fromRecord("noise")).isEmpty();
        assertThat(ExitStatus.fromQemuStatus(7)).hasValue(3);
        assertThat(ExitStatus.fromQemuStatus(1)).isEmpty();
        assertThat(ExitStatus.fromQemuStatus(0)).isEmpty();
    }
}
