package dev.ingot.core.elf;

import java.nio.file.Path;

/**
 * Expands ld.so's dynamic string tokens in one DT_RPATH/DT_RUNPATH element
 * (ld.so(8), "Dynamic string tokens"; glibc elf/dl-load.c, is_dst and
 * _dl_dst_substitute): $ORIGIN, $LIB and $PLATFORM, each also written in
 * braces. Unbraced, a token counts only when a '/' or the end follows it
 * ("$LIBX" is not $LIB); any other '$' stays as it is.
 *
 * <p>$LIB is what glibc was built with (DL_DST_LIB), which differs between
 * distributions: upstream x86-64 says lib64, Debian's multiarch build says
 * lib/x86_64-linux-gnu (checked with LD_DEBUG=libs on Debian 12), Arch says
 * lib. In each case it is the directory the real ld.so lives in, relative to
 * / or /usr, and the image carries that same ld.so, so {@link #libFor} reads
 * it from the interpreter's real location.
 */
record DynamicStringTokens(String origin, String lib, String platform) {
    /** AT_PLATFORM on x86-64, which glibc's $PLATFORM expands to. */
    static final String X86_64_PLATFORM = "x86_64";

    String expand(String element) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < element.length()) {
            char c = element.charAt(i);
            if (c == '$') {
                String rest = element.substring(i + 1);
                int len;
                if ((len = token(rest, "ORIGIN")) > 0) out.append(origin);
                else if ((len = token(rest, "LIB")) > 0) out.append(lib);
                else if ((len = token(rest, "PLATFORM")) > 0) out.append(platform);
                else {
                    out.append(c);
                    i++;
                    continue;
                }
                i += 1 + len;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    static boolean hasOrigin(String element) {
        return element.contains("$ORIGIN") || element.contains("${ORIGIN}");
    }

    /** Characters of a token at the start of text ("ORIGIN" or "{ORIGIN}"), or 0 when it is not one. */
    private static int token(String text, String name) {
        if (text.startsWith("{" + name + "}")) return name.length() + 2;
        if (!text.startsWith(name)) return 0;
        return text.length() == name.length() || text.charAt(name.length()) == '/' ? name.length() : 0;
    }

    /**
     * $LIB for the ld.so at interpreter (a host path under root): its real
     * directory relative to root, without a leading usr/. Falls back to
     * upstream glibc's x86-64 value when the file cannot be resolved.
     */
    static String libFor(Path root, Path interpreter) {
        try {
            Path real = interpreter.toRealPath();
            Path rel = root.toRealPath().relativize(real.getParent());
            String dir = rel.toString();
            if (dir.startsWith("usr/")) dir = dir.substring(4);
            if (dir.isEmpty() || dir.equals("usr") || dir.startsWith("..")) return "lib64";
            return dir;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return "lib64";
        }
    }
}
