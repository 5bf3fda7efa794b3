package dev.ingot.core.util;

import dev.ingot.core.IngotException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a build tool (make, a shell script) to completion, feeding each line
 * it prints on stderr to a listener and keeping stdout. A failure becomes an
 * {@link IngotException} carrying the tool's last words.
 */
public final class ExternalCommand {
    private ExternalCommand() {
    }

    public static List<String> run(List<String> command, Path dir, Map<String, String> env,
                                   Consumer<String> onLine, String what) throws IngotException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().putAll(env);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IngotException(what + " failed: cannot start " + command.getFirst() + " (" + e.getMessage()
                    + "): run ./setup");
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread errReader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 5) tail.removeFirst();
                    }
                    onLine.accept(line);
                }
            } catch (IOException ignored) {
                // the process ended; whatever it printed is in tail
            }
        });
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) out.add(line);
            int status = process.waitFor();
            errReader.join();
            if (status != 0) {
                String last;
                synchronized (tail) {
                    last = tail.isEmpty() ? (out.isEmpty() ? "" : out.getLast()) : tail.getLast();
                }
                throw new IngotException(what + " failed (exit " + status + "): " + last);
            }
        } catch (IOException e) {
            throw new IngotException(what + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IngotException(what + " was interrupted");
        }
        return out;
    }
}
