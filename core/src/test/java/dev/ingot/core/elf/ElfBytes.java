package dev.ingot.core.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small x86-64 ELF files byte by byte, so tests can make each field
 * lie in turn. The default is a well-formed dynamic PIE: one PT_LOAD covering
 * the whole file at address 0x1000 + offset, PT_INTERP, PT_DYNAMIC with
 * DT_NEEDED/DT_RUNPATH/DT_STRTAB/DT_STRSZ/DT_NULL, and no section headers.
 */
final class ElfBytes {
    static final int INTERP_AT = 0x200, STRTAB_AT = 0x300, DYNAMIC_AT = 0x400, SIZE = 0x600;
    static final long BASE = 0x1000;

    String interpreter = "/lib64/ld-linux-x86-64.so.2";
    List<String> needed = new ArrayList<>(List.of("libc.so.6"));
    String runpath = "$ORIGIN/lib";
    int type = 3; // ET_DYN

    /** The well-formed file; tests then overwrite fields with the put helpers. */
    byte[] build() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putShort(16, (short) type).putShort(18, (short) 62).putInt(20, 1);
        b.putLong(24, BASE + 0x100); // e_entry
        b.putLong(32, 64);           // e_phoff
        b.putLong(40, 0);            // e_shoff: no section headers
        b.putShort(52, (short) 64).putShort(54, (short) 56).putShort(56, (short) 3);
        b.putShort(58, (short) 64).putShort(60, (short) 0).putShort(62, (short) 0);
        phdr(b, 0, 3, INTERP_AT, interpreter.length() + 1);
        phdr(b, 1, 1, 0, SIZE);
        byte[] strtab = strtab();
        int entries = needed.size() + (runpath != null ? 1 : 0) + 3;
        phdr(b, 2, 2, DYNAMIC_AT, entries * 16L);
        b.put(INTERP_AT, (interpreter + "\0").getBytes(StandardCharsets.UTF_8));
        b.put(STRTAB_AT, strtab);
        int at = DYNAMIC_AT, offset = 1;
        for (String n : needed) {
            b.putLong(at, 1).putLong(at + 8, offset);
            offset += n.getBytes(StandardCharsets.UTF_8).length + 1;
            at += 16;
        }
        if (runpath != null) {
            b.putLong(at, 29).putLong(at + 8, offset);
            at += 16;
        }
        b.putLong(at, 5).putLong(at + 8, BASE + STRTAB_AT);
        b.putLong(at + 16, 10).putLong(at + 24, strtab.length);
        b.putLong(at + 32, 0).putLong(at + 40, 0);
        return b.array();
    }

    private byte[] strtab() {
        StringBuilder s = new StringBuilder("\0");
        for (String n : needed) s.append(n).append('\0');
        if (runpath != null) s.append(runpath).append('\0');
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Program header i: type, offset, and file size; vaddr is BASE + offset, memsz = filesz. */
    private static void phdr(ByteBuffer b, int i, int type, long offset, long size) {
        int at = 64 + i * 56;
        b.putInt(at, type).putInt(at + 4, type == 1 ? 5 : 4);
        b.putLong(at + 8, offset).putLong(at + 16, BASE + offset).putLong(at + 24, BASE + offset);
        b.putLong(at + 32, size).putLong(at + 40, size).putLong(at + 48, type == 1 ? 0x1000 : 8);
    }

    static void putLong(byte[] file, int at, long value) {
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(at, value);
    }

    static void putShort(byte[] file, int at, int value) {
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
    }

    static void putInt(byte[] file, int at, int value) {
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    }

    /** Offset of a field of program header i (PT_INTERP 0, PT_LOAD 1, PT_DYNAMIC 2). */
    static int phdrField(int i, int field) {
        return 64 + i * 56 + field;
    }

    static final int P_OFFSET = 8, P_VADDR = 16, P_FILESZ = 32;
}
