package dev.ingot.core.serve;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/**
 * supervisor.log: one timestamped line per event (boot, answer, idle stop,
 * crash and why). Appended line by line, so `ingot logs NAME` can read it
 * while the supervisor writes; a foreground supervisor also echoes it.
 */
public final class ServiceLog implements Consumer<String> {
    private final Path file;
    private final PrintStream echo;

    /** @param echo where a foreground supervisor also prints each line, or null */
    public ServiceLog(Path file, PrintStream echo) {
        this.file = file;
        this.echo = echo;
    }

    @Override
    public synchronized void accept(String line) {
        String stamped = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line + "\n";
        try {
            Files.writeString(file, stamped, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the echo (or nothing, when detached) is all that is left
        }
        if (echo != null) echo.print("ingot: " + line + "\n");
    }
}
