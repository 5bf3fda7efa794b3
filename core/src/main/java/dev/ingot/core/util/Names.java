package dev.ingot.core.util;

import java.util.regex.Pattern;

/**
 * The one rule for image and instance names: both become folder names under
 * INGOT_HOME, so letters, digits, '.', '_' and '-', at most 64, starting
 * with a letter or digit (no "..", no slashes, no hidden folders).
 */
public final class Names {
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}");

    private Names() {
    }

    public static boolean isValid(String name) {
        return VALID.matcher(name).matches();
    }
}
