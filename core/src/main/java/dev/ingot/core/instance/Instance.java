package dev.ingot.core.instance;

import dev.ingot.core.hypervisor.ExitStatus;
import dev.ingot.core.hypervisor.QemuCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One instance's folder, instances/ID: state.json, console.log (COM1),
 * control (COM2, the exit record), qmp.sock, signal.sock (COM3, signals to
 * the program), qemu.log (QEMU's own messages),
 * and markers written when it ends: qemu.status, stopped.
 */
public record Instance(Path dir, InstanceState state) {
    public Path consoleLog() { return dir.resolve("console.log"); }
    public Path controlFile() { return dir.resolve("control"); }
    public Path qmpSocket() { return dir.resolve("qmp.sock"); }
    public Path signalSocket() { return dir.resolve("signal.sock"); }
    public Path qemuLog() { return dir.resolve("qemu.log"); }
    public Path qemuStatusFile() { return dir.resolve("qemu.status"); }
    public Path stoppedMarker() { return dir.resolve("stopped"); }

    /** The live QEMU process, if this instance's is still running (checked against pid reuse). */
    public Optional<ProcessHandle> process() {
        return ProcessHandle.of(state.pid()).filter(p -> p.isAlive() && isOurs(p));
    }

    private boolean isOurs(ProcessHandle p) {
        String mark = QemuCommand.optionValue(dir); // the folder as QEMU's option strings name it (commas doubled)
        try {
            String cmdline = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "cmdline"));
            return cmdline.contains(mark);
        } catch (IOException e) {
            return p.info().commandLine().map(c -> c.contains(mark)).orElse(false);
        }
    }

    public InstanceStatus status() {
        boolean running = process().isPresent();
        if (running) return new InstanceStatus(true, OptionalInt.empty(), false);
        OptionalInt status = ExitStatus.fromControlFile(controlFile());
        if (status.isEmpty() && Files.exists(qemuStatusFile())) {
            try {
                status = ExitStatus.fromQemuStatus(Integer.parseInt(Files.readString(qemuStatusFile()).trim()));
            } catch (IOException | NumberFormatException ignored) {
                // no usable status: shown as unknown
            }
        }
        return new InstanceStatus(false, status, Files.exists(stoppedMarker()));
    }
}
