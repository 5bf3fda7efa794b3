package dev.ingot.core.instance;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Copies a console log to an output as it grows (tail -f), until the
 * instance is no longer alive, then drains what is left. QEMU writes the
 * guest's serial output to the file unbuffered, so this adds only the poll
 * interval of delay.
 */
public final class ConsoleFollower {
    private static final long POLL_MS = 15;

    private ConsoleFollower() {
    }

    public static void follow(Path log, OutputStream out, BooleanSupplier alive) throws IOException {
        byte[] buf = new byte[8192];
        RandomAccessFile file = null;
        try {
            while (true) {
                boolean wasAlive = alive.getAsBoolean();
                // QEMU creates the log as it starts; once open, the file is kept and read on from where we are.
                if (file == null && Files.exists(log)) file = new RandomAccessFile(log.toFile(), "r");
                if (file != null) copyNew(file, out, buf);
                if (!wasAlive) break;
                InstanceLauncher.sleep(POLL_MS);
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
