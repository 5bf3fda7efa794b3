package dev.ingot.core.hypervisor;

import dev.ingot.core.IngotException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides whether KVM really works here. /dev/kvm existing is not enough:
 * on nested paravirtual KVM (the kvm_pvm module) ring-0 guest code is
 * emulated about 1000x slower than TCG and Linux does not boot at all
 * (shared/DESIGN.md), so AUTO treats it as unusable, as it does a CPU
 * without vmx/svm or a /dev/kvm this user cannot open.
 */
public final class AccelDetector {
    private final Path sys;
    private final Path proc;
    private final Path dev;

    public AccelDetector() {
        this(Path.of("/sys"), Path.of("/proc"), Path.of("/dev"));
    }

    /** Roots are parameters so tests can describe other machines. */
    public AccelDetector(Path sys, Path proc, Path dev) {
        this.sys = sys;
        this.proc = proc;
        this.dev = dev;
    }

    /** The result of a decision, with the one line that explains it. */
    public record Choice(Accel accel, String reason) {}

    public Choice choose(Accel requested) throws IngotException {
        String problem = kvmProblem();
        return switch (requested) {
            case TCG -> new Choice(Accel.TCG, "using TCG (software emulation), as asked");
            case KVM -> {
                if (problem != null) {
                    throw new IngotException("--accel kvm: KVM is not usable here: " + problem + "; use --accel tcg or auto");
                }
                yield new Choice(Accel.KVM, "using KVM");
            }
            case AUTO -> problem == null ? new Choice(Accel.KVM, "using KVM")
                    : new Choice(Accel.TCG, "using TCG (software emulation): KVM unusable, " + problem);
        };
    }

    /** Why KVM cannot be used, or null when it can. */
    String kvmProblem() {
        Path kvm = dev.resolve("kvm");
        if (!Files.exists(kvm)) return "no /dev/kvm";
        if (Files.isDirectory(sys.resolve("module/kvm_pvm"))) return "/dev/kvm is nested paravirtual KVM (kvm_pvm)";
        if (!cpuHasVirtualization()) return "the CPU shows no vmx/svm flag";
        if (!Files.isReadable(kvm) || !Files.isWritable(kvm)) return "no permission to open /dev/kvm (join the kvm group)";
        return null;
    }

    private boolean cpuHasVirtualization() {
        try {
            for (String line : Files.readAllLines(proc.resolve("cpuinfo"))) {
                if (line.startsWith("flags")) {
                    String flags = " " + line.substring(line.indexOf(':') + 1) + " ";
                    return flags.contains(" vmx ") || flags.contains(" svm ");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
