package dev.ingot.core.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads glibc's /etc/ld.so.cache (the "glibc-ld.so.cache1.1" format that
 * ldconfig writes since glibc 2.32) to look up a library name the way ld.so
 * does. Layout, from glibc's sysdeps/generic/dl-cache.h:
 * <pre>
 * header (48 bytes): magic[17] "glibc-ld.so.cache", version[3] "1.1",
 *   u32 nlibs, u32 len_strings, u8 flags, u8 pad[3], u32 extension_offset, u32 unused[3]
 * nlibs entries (24 bytes): i32 flags, u32 key, u32 value, u32 osversion, u64 hwcap
 * </pre>
 * key and value are offsets of NUL-terminated strings from the start of the
 * header. Only x86-64 libc6 entries count (flags 0x0303). An unreadable or
 * unknown cache is treated as empty: ld.so then falls back to the default dirs.
 */
public final class LdSoCache {
    private static final String MAGIC = "glibc-ld.so.cache1.1";
    private static final int HEADER = 48, ENTRY = 24;
    /** FLAG_ELF_LIBC6 | FLAG_X8664_LIB64 in dl-cache.h. */
    private static final int X86_64_LIBC6 = 0x0303;

    private final Map<String, String> byName;

    private LdSoCache(Map<String, String> byName) {
        this.byName = byName;
    }

    public static LdSoCache load(Path file) {
        try {
            return new LdSoCache(parse(Files.readAllBytes(file)));
        } catch (IOException | RuntimeException e) {
            return new LdSoCache(Map.of());
        }
    }

    public static LdSoCache empty() {
        return new LdSoCache(Map.of());
    }

    public Optional<String> lookup(String soname) {
        return Optional.ofNullable(byName.get(soname));
    }

    public int size() {
        return byName.size();
    }

    static Map<String, String> parse(byte[] data) {
        if (data.length < HEADER || !new String(data, 0, MAGIC.length(), StandardCharsets.US_ASCII).equals(MAGIC)) {
            return Map.of();
        }
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int nlibs = buf.getInt(20);
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < nlibs; i++) {
            int at = HEADER + i * ENTRY;
            if (at + ENTRY > data.length) break;
            int flags = buf.getInt(at);
            if (flags != X86_64_LIBC6) continue;
            String key = cString(data, buf.getInt(at + 4));
            String value = cString(data, buf.getInt(at + 8));
            // The first entry for a name wins, as in ld.so's search of the sorted table.
            if (key != null && value != null) out.putIfAbsent(key, value);
        }
        return out;
    }

    private static String cString(byte[] data, int offset) {
        if (offset < 0 || offset >= data.length) return null;
        int end = offset;
        while (end < data.length && data[end] != 0) end++;
        return new String(data, offset, end - offset, StandardCharsets.UTF_8);
    }
}
