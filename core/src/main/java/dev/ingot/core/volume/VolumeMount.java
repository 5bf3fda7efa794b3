package dev.ingot.core.volume;

import dev.ingot.core.UsageException;
import dev.ingot.core.util.Names;

import java.util.regex.Pattern;

/**
 * One volume attached to a run, written like Docker's -v: {@code NAME:/path}.
 * The path is where the guest mounts it. It travels on the kernel command
 * line, so it is kept to a safe alphabet (no spaces, commas or colons).
 */
public record VolumeMount(String name, String path) {
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._-]+)+");

    public VolumeMount {
        if (!Names.isValid(name)) throw new IllegalArgumentException("bad volume name " + name);
    }

    public static VolumeMount parse(String text, String where) throws UsageException {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new UsageException("bad volume '" + text + "' in " + where + ": write NAME:/path, e.g. data:/data");
        }
        return of(text.substring(0, colon), text.substring(colon + 1), where);
    }

    public static VolumeMount of(String name, String path, String where) throws UsageException {
        if (!Names.isValid(name)) {
            throw new UsageException("bad volume name '" + name + "' in " + where
                    + ": use letters, digits, '.', '_' and '-' (at most 64, starting with a letter or digit)");
        }
        if (!PATH.matcher(path).matches() || path.contains("/../") || path.endsWith("/..") || path.contains("/./") || path.endsWith("/.")) {
            throw new UsageException("bad mount path '" + path + "' for volume " + name + " in " + where
                    + ": an absolute path of letters, digits, '.', '_' and '-', e.g. /data");
        }
        for (String reserved : new String[]{"/proc", "/dev", "/sys", "/tmp", "/.ingot"}) {
            if (path.equals(reserved) || path.startsWith(reserved + "/")) {
                throw new UsageException("mount path '" + path + "' for volume " + name + " in " + where
                        + " is inside " + reserved + ", which the kernel owns: pick another, e.g. /data");
            }
        }
        return new VolumeMount(name, path);
    }

    @Override
    public String toString() {
        return name + ":" + path;
    }
}
