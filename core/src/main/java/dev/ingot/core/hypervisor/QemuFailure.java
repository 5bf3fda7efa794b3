package dev.ingot.core.hypervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Turns QEMU's own error output into one line a user can act on. */
public final class QemuFailure {
    private QemuFailure() {
    }

    public static String explain(Path qemuLog) {
        List<String> lines;
        try {
            lines = Files.exists(qemuLog) ? Files.readAllLines(qemuLog) : List.of();
        } catch (IOException e) {
            lines = List.of();
        }
        for (String line : lines) {
            if (line.contains("Could not set up host forwarding rule")) {
                String rule = line.replaceAll(".*rule '([^']*)'.*", "$1");
                return "a host port is already in use (" + rule + "): choose another with -p HOST_PORT:GUEST_PORT";
            }
        }
        String last = lines.isEmpty() ? "no message" : lines.getLast().replaceFirst("^qemu-system-x86_64: ", "");
        return "QEMU failed: " + last;
    }
}
