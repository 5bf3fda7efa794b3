package dev.ingot.cli;

import dev.ingot.core.UsageException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written on the command line: 500ms, 30s, 5m, 1h; a bare number is seconds; 0 is zero. */
final class DurationFlag {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    private DurationFlag() {
    }

    static long millis(String text, String flag) throws UsageException {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) throw new UsageException("bad " + flag + " '" + text + "': write e.g. 500ms, 30s, 5m or 1h");
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> n;
            case "s" -> n * 1000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
        };
    }
}
