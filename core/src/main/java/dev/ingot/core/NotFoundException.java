package dev.ingot.core;

/** An image, tag or instance the user named does not exist. */
public class NotFoundException extends IngotException {
    public NotFoundException(String message) {
        super(message);
    }
}
