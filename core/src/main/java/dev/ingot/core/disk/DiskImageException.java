package dev.ingot.core.disk;

import dev.ingot.core.IngotException;

/** A boot disk cannot be written: a part is missing or malformed, or the command line does not fit. */
public final class DiskImageException extends IngotException {
    public DiskImageException(String message) {
        super(message);
    }

    public DiskImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
