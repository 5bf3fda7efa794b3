package dev.ingot.core;

/**
 * The one failure type the core throws. Its message is written for the user:
 * one line that says what is wrong and what to do, naming the bad value.
 * The CLI prints the message and exits non-zero; the stack trace is only
 * shown with --debug.
 */
public class IngotException extends Exception {
    private final int exitCode;

    public IngotException(String message) {
        this(message, 1, null);
    }

    public IngotException(String message, Throwable cause) {
        this(message, 1, cause);
    }

    /** @param exitCode the status the CLI should exit with (2 for usage errors, 1 otherwise) */
    public IngotException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
