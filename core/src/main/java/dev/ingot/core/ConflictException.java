package dev.ingot.core;

/** The request clashes with the current state: a taken name, an image a running instance uses. */
public class ConflictException extends IngotException {
    public ConflictException(String message) {
        super(message);
    }
}
