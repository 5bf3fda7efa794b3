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
        long offset = 0;
        byte[] buf = new byte[8192];
        while (true) {
            boolean wasAlive = alive.getAsBoolean();
            offset = copyFrom(log, offset, out, buf);
            if (!wasAlive) break;
            InstanceLauncher.sleep(POLL_MS);
            if (Thread.currentThread().isInterrupted()) break;
        }
        out.flush();
    }

    private static long copyFrom(Path log, long offset, OutputStream out, byte[] buf) throws IOException {
        if (!Files.exists(log)) return offset;
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            f.seek(offset);
            int n;
            while ((n = f.read(buf)) > 0) {
                out.write(buf, 0, n);
                offset += n;
            }
            out.flush();
        }
        return offset;
    }
}
