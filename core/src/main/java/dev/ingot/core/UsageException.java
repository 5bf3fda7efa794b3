package dev.ingot.core;

/** The user asked for something invalid (a bad flag value, a name, a combination): nothing was done. */
public class UsageException extends IngotException {
    public UsageException(String message) {
        super(message);
    }
}
