package dev.ingot.core;

import java.nio.file.Path;

/** A state or manifest file under INGOT_HOME cannot be read as what it should be; the message names it. */
public class DamagedFileException extends IngotException {
    private final Path file;

    public DamagedFileException(Path file, String what, Throwable cause) {
        super(what + " " + file + " is damaged (" + firstLine(cause) + "): remove it or rebuild", cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }

    private static String firstLine(Throwable t) {
        String m = t == null || t.getMessage() == null ? "unreadable" : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
