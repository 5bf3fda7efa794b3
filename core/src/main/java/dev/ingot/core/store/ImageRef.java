package dev.ingot.core.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.ingot.core.UsageException;
import dev.ingot.core.util.Names;

/** An image name with its tag, {@code name[:tag]}; the tag defaults to {@code latest}. */
public record ImageRef(String name, String tag) {
    public static final String DEFAULT_TAG = "latest";

    public static ImageRef parse(String text) throws UsageException {
        int colon = text.lastIndexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String tag = colon < 0 ? DEFAULT_TAG : text.substring(colon + 1);
        if (!Names.isValid(name) || !Names.isValid(tag)) {
            throw new UsageException("bad image name '" + text + "': write NAME or NAME:TAG with letters, digits, '.', '_'"
                    + " and '-' (at most 64 each, starting with a letter or digit)");
        }
        return new ImageRef(name, tag);
    }

    @JsonCreator
    static ImageRef fromJson(String text) {
        int colon = text.lastIndexOf(':');
        return colon < 0 ? new ImageRef(text, DEFAULT_TAG) : new ImageRef(text.substring(0, colon), text.substring(colon + 1));
    }

    @JsonValue
    @Override
    public String toString() {
        return name + ":" + tag;
    }
}
