package dev.ingot.core.java;

import dev.ingot.core.IngotException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How long an AOT training run lasts: "10s", "2m", "90" (seconds); the same words in flags, ingot.yaml and the pom. */
public final class TrainTime {
    /** Long enough for a server to start and serve a few requests a health check or the user's script makes. */
    public static final Duration DEFAULT = Duration.ofSeconds(10);
    private static final Duration MAX = Duration.ofHours(1);
    private static final Pattern FORM = Pattern.compile("(\\d{1,7})(s|m)?");

    private TrainTime() {
    }

    /** @param where names the flag or key for the error, e.g. "--train-time" */
    public static Duration parse(String text, String where) throws IngotException {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IngotException(where + ": '" + text + "' is not a duration: write seconds (30, 30s) or minutes (2m)", 2, null);
        }
        long n = Long.parseLong(m.group(1));
        Duration d = "m".equals(m.group(2)) ? Duration.ofMinutes(n) : Duration.ofSeconds(n);
        if (d.isZero() || d.compareTo(MAX) > 0) {
            throw new IngotException(where + ": " + text + " is out of range: give 1 s to 60 m", 2, null);
        }
        return d;
    }
}
