package dev.ingot.core.store;

import dev.ingot.core.IngotException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An flock-style lock on one file under INGOT_HOME, held by this process
 * until closed. Builds and runs hold the store lock shared while they add
 * blobs that no tag or instance names yet; garbage collection holds it
 * exclusive, so it never removes what a concurrent build is about to name.
 * The kernel drops the lock when a process dies, so a kill -9 never leaves
 * it held.
 */
public final class StoreLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static StoreLock shared(Path file) throws IngotException {
        return acquire(file, true, true);
    }

    public static StoreLock exclusive(Path file) throws IngotException {
        return acquire(file, false, true);
    }

    /** The exclusive lock if nobody holds the file, else null (never waits). */
    public static StoreLock tryExclusive(Path file) throws IngotException {
        return acquire(file, false, false);
    }

    private static StoreLock acquire(Path file, boolean shared, boolean wait) throws IngotException {
        FileChannel ch = null;
        try {
            Files.createDirectories(file.getParent());
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l = wait ? ch.lock(0, Long.MAX_VALUE, shared) : ch.tryLock(0, Long.MAX_VALUE, shared);
            if (l == null) {
                ch.close();
                return null;
            }
            return new StoreLock(ch, l);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new IngotException("cannot lock " + file + ": " + e.getMessage());
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            if (ch != null) ch.close();
        } catch (IOException ignored) {
            // closing releases the lock; nothing more to do
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        }
        closeQuietly(channel);
    }
}
