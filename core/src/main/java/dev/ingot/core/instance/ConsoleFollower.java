package dev.ingot.core.instance;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Copies a console log to an output as it grows (tail -f), until the
 * instance is no longer alive, then drains what is left. QEMU writes the
 * guest's serial output to the file unbuffered, so this adds only the poll
 * interval of delay to the output; the end is seen at once when the wait
 * between polls can return early (a child QEMU process, see {@link Running#of}).
 */
public final class ConsoleFollower {
    private static final long POLL_MS = 15;

    private ConsoleFollower() {
    }

    /** What the follower watches: whether it still runs, and a pause between polls. */
    @FunctionalInterface
    public interface Running {
        boolean alive();

        /** Waits up to {@code ms}; may return early once no longer alive. */
        default void pause(long ms) {
            InstanceLauncher.sleep(ms);
        }

        /** A child process: the pause ends the moment it exits (Process.waitFor wakes on the exit). */
        static Running of(Process process) {
            return new Running() {
                @Override
                public boolean alive() {
                    return process.isAlive();
                }

                @Override
                public void pause(long ms) {
                    try {
                        process.waitFor(ms, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
        }
    }

    public static void follow(Path log, OutputStream out, Running running) throws IOException {
        byte[] buf = new byte[8192];
        RandomAccessFile file = null;
        try {
            while (true) {
                boolean wasAlive = running.alive();
                // QEMU creates the log as it starts; once open, the file is kept and read on from where we are.
                if (file == null && Files.exists(log)) file = new RandomAccessFile(log.toFile(), "r");
                if (file != null) copyNew(file, out, buf);
                if (!wasAlive) break;
                running.pause(POLL_MS);
                if (Thread.currentThread().isInterrupted()) break;
            }
        } finally {
            if (file != null) file.close();
        }
        out.flush();
    }

    private static void copyNew(RandomAccessFile file, OutputStream out, byte[] buf) throws IOException {
        int n;
        while ((n = file.read(buf)) > 0) out.write(buf, 0, n);
        out.flush();
    }
}
